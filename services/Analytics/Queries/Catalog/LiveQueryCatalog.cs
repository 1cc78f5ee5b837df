using TweetPlatform.Analytics.Queries.Planning;
using TweetPlatform.Contracts;
using TweetPlatform.Contracts.Events;

namespace TweetPlatform.Analytics.Queries.Catalog;

/// <summary>
/// Every live query this instance knows, as the compacted <see cref="Topics.LiveQueries"/> says it is now (read whole
/// by <see cref="LiveQueryCatalogReader"/>), with its plan. Queries are spread across instances by partition: a query
/// runs on the partition of <see cref="Topics.ConferenceActivity"/> its id hashes to, so the instance owning that
/// partition runs it. Thread-safe: the API, the router and the tasks read it while the reader writes.
/// </summary>
public sealed class LiveQueryCatalog
{
    private readonly object _gate = new();
    private readonly Dictionary<string, CatalogEntry> _queries = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _caughtUp = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IReadOnlyDictionary<int, IReadOnlyList<string>> _runningTweets = new Dictionary<int, IReadOnlyList<string>>();
    private IReadOnlyDictionary<int, IReadOnlyList<string>> _runningLikes = new Dictionary<int, IReadOnlyList<string>>();

    /// <summary>The partition of <see cref="Topics.ConferenceActivity"/> whose task runs the query.</summary>
    public static int PartitionOf(string queryId) => Kafka.KeyPartitioner.PartitionFor(queryId, Topics.DefaultPartitions);

    /// <summary>Completes once everything on the topic when the reader started has been read.</summary>
    public Task CaughtUp => _caughtUp.Task;

    public void MarkCaughtUp() => _caughtUp.TrySetResult();

    /// <summary>Takes the latest record of a query; a definition whose SQL no longer plans (another engine version) is kept, not run.</summary>
    public void Apply(LiveQueryChanged change)
    {
        QueryPlan? plan = null;
        try
        {
            plan = Planner.Plan(change.Sql);
        }
        catch (Language.QueryException)
        {
            // Listed as it was defined; it runs nowhere.
        }
        lock (_gate)
        {
            _queries[change.QueryId] = new CatalogEntry(change, plan);
            Reindex();
            Monitor.PulseAll(_gate);
        }
    }

    public CatalogEntry? Find(string queryId)
    {
        lock (_gate)
        {
            return _queries.GetValueOrDefault(queryId);
        }
    }

    /// <summary>
    /// The query, waiting up to <paramref name="timeout"/> for it: a record naming a query can arrive on this instance
    /// before its definition does (the router read the definition on another one).
    /// </summary>
    public CatalogEntry? WaitFor(string queryId, TimeSpan timeout)
    {
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        lock (_gate)
        {
            CatalogEntry? entry;
            while ((entry = _queries.GetValueOrDefault(queryId)) is null)
            {
                var left = deadline - Environment.TickCount64;
                if (left <= 0 || !Monitor.Wait(_gate, TimeSpan.FromMilliseconds(left)))
                {
                    return _queries.GetValueOrDefault(queryId);
                }
            }
            return entry;
        }
    }

    /// <summary>Every query not deleted, oldest first.</summary>
    public IReadOnlyList<CatalogEntry> Listed()
    {
        lock (_gate)
        {
            return [.. _queries.Values.Where(q => q.Definition.Status != LiveQueryStatus.Deleted).OrderBy(q => q.Definition.CreatedAt)
                .ThenBy(q => q.Definition.QueryId, StringComparer.Ordinal)];
        }
    }

    public int RunningCount
    {
        get
        {
            lock (_gate)
            {
                return _queries.Values.Count(q => q.IsRunning);
            }
        }
    }

    /// <summary>The running queries over tweets, by the partition that runs them (an immutable snapshot).</summary>
    public IReadOnlyDictionary<int, IReadOnlyList<string>> RunningOnTweets => Volatile.Read(ref _runningTweets);

    /// <summary>The running queries over like counts, by the partition that runs them (an immutable snapshot).</summary>
    public IReadOnlyDictionary<int, IReadOnlyList<string>> RunningOnLikeCounts => Volatile.Read(ref _runningLikes);

    private void Reindex()
    {
        var running = _queries.Values.Where(q => q.IsRunning).OrderBy(q => q.Definition.QueryId, StringComparer.Ordinal).ToList();
        IReadOnlyDictionary<int, IReadOnlyList<string>> By(StreamSchema source) => running.Where(q => q.Plan!.Source == source)
            .GroupBy(q => PartitionOf(q.Definition.QueryId))
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Select(q => q.Definition.QueryId)]);
        Volatile.Write(ref _runningTweets, By(StreamSchema.Tweets));
        Volatile.Write(ref _runningLikes, By(StreamSchema.LikeCounts));
    }
}

/// <summary>A query as the catalog knows it: its latest record and its plan (null when its SQL does not plan).</summary>
public sealed record CatalogEntry(LiveQueryChanged Definition, QueryPlan? Plan)
{
    public bool IsRunning => Definition.Status == LiveQueryStatus.Running && Plan is not null;
}
