using System.Diagnostics;
using System.Globalization;
using TweetPlatform.Analytics.Operators;
using TweetPlatform.Analytics.Queries.Catalog;
using TweetPlatform.Analytics.Queries.Running;
using TweetPlatform.Contracts.Events;

namespace TweetPlatform.Analytics.Processing;

/// <summary>
/// The live queries one task runs: those whose id hashes to its partition. Each query's state lives in the task's
/// stores (so in its changelog), made when the query's first row arrives or, after a restore, at once; which queries
/// were stopped, and the last source offset applied per source partition, are state too, so a record routed again
/// after a crash is applied once. A query that goes over a limit (groups, distinct values, cost per record) is
/// stopped with the reason; the rest of the task goes on. Results go out whole, at most once per emit interval.
/// </summary>
public sealed class PartitionQueries
{
    public const string TweetKind = "query-tweet";
    public const string LikesKind = "query-likes";

    /// <summary>How long a record may wait for the definition of a query it names (read on another instance first).</summary>
    private static readonly TimeSpan DefinitionWait = TimeSpan.FromSeconds(10);

    // The cost budget is an average over this many records, so one slow record (a JIT, a GC) does not stop a query.
    private const int CostSample = 1_000;

    private const string StorePrefix = "query.";

    private readonly LiveQueryCatalog _catalog;
    private readonly AnalyticsOptions _options;
    private readonly IProcessorContext _context;
    private readonly TimeProvider _time;
    private readonly StateStore<string, string> _stopped;
    private readonly StateStore<string, long> _sources;
    private readonly Dictionary<string, Running> _running = new(StringComparer.Ordinal);

    public PartitionQueries(LiveQueryCatalog catalog, AnalyticsOptions options, IProcessorContext context, TimeProvider time)
    {
        _catalog = catalog;
        _options = options;
        _context = context;
        _time = time;
        _stopped = context.Stores.Add<string, string>("queries.stopped");
        _sources = context.Stores.Add<string, long>("queries.sources");
        if (options.EmitInterval > TimeSpan.Zero)
        {
            context.Schedule(options.EmitInterval, _ => Emit());
        }
    }

    public IReadOnlyCollection<string> RunningIds => _running.Keys;

    /// <summary>
    /// Applies a query record's inputs not applied before (a batch may be routed again, whole or in part) to each query it
    /// names that runs; with no emit interval, results go out at once.
    /// </summary>
    public void Apply(ConferenceActivity record, ActivityContext cause)
    {
        var source = $"{record.SourceTopic}:{record.SourcePartition.ToString(CultureInfo.InvariantCulture)}";
        var applied = _sources.TryGet(source, out var last) ? last : -1;
        var inputs = QueryRecordBatches.InputsOf(record).Where(input => input.SourceOffset > applied).ToList();
        if (inputs.Count == 0)
        {
            return; // Routed again after the router's restart.
        }
        _sources.Put(source, inputs[^1].SourceOffset);
        // An input's rows are made once for all queries (one set per hashtag, one not), not once per query.
        var rows = new IReadOnlyList<QueryRow>?[inputs.Count, 2];
        foreach (var id in record.Queries ?? [])
        {
            if (Start(id) is { } query)
            {
                Apply(query, inputs, rows, record.Kind, cause);
            }
        }
        if (_options.EmitInterval <= TimeSpan.Zero)
        {
            Emit();
        }
    }

    private void Apply(Running query, List<QueryInput> inputs, IReadOnlyList<QueryRow>?[,] rowsOf, string kind, ActivityContext cause)
    {
        var perHashtag = query.Query.Plan.PerHashtag ? 1 : 0;
        for (var i = 0; i < inputs.Count; i++)
        {
            var input = inputs[i];
            var started = Stopwatch.GetTimestamp();
            try
            {
                var rows = rowsOf[i, perHashtag] ??= kind == TweetKind && input.Tweet is { } tweet ? [.. QueryRow.FromTweet(tweet, perHashtag == 1)]
                    : input.Likes is { } likes ? [QueryRow.FromLikeCount(likes)]
                    : [];
                foreach (var row in rows)
                {
                    query.Query.Apply(row);
                }
            }
            catch (QueryLimitExceededException ex)
            {
                Stop(query, ex.Message, cause);
                return;
            }
            query.Cause = cause;
            query.Dirty = true;
            if (query.Charge(Stopwatch.GetElapsedTime(started)) is { } average && average > _options.QueryCostBudget)
            {
                Stop(query, string.Create(CultureInfo.InvariantCulture,
                    $"the query cost {average.TotalMicroseconds:F0} µs per record over {CostSample:N0} records; its budget is {_options.QueryCostBudget.TotalMicroseconds:F0} µs"), cause);
                return;
            }
        }
    }

    /// <summary>Every running query's whole result, for publishing after a restore (the query list may have changed meanwhile).</summary>
    public IReadOnlyList<Finding> CurrentResults(int partition)
    {
        foreach (var entry in _catalog.Listed().Where(e => e.IsRunning && LiveQueryCatalog.PartitionOf(e.Definition.QueryId) == partition))
        {
            Start(entry.Definition.QueryId);
        }
        // State restored for queries stopped or deleted meanwhile (e.g. while this instance was down) is forgotten now. Only
        // on the catalog's word: a query it does not know (yet) keeps its state.
        foreach (var id in _context.Stores.UnclaimedNames.Where(n => n.StartsWith(StorePrefix, StringComparison.Ordinal))
            .Select(n => n[StorePrefix.Length..].Split('.')[0]).Distinct(StringComparer.Ordinal).ToList())
        {
            if (_stopped.TryGet(id, out _) || _catalog.Find(id) is { IsRunning: false })
            {
                _context.Stores.Drop(StoresOf(id));
            }
        }
        return [.. _running.Values.Select(query => FindingFactory.QueryResult(Result(query), default))];
    }

    /// <summary>Sends each changed query's result; drops queries deleted or stopped since (their last result says so).</summary>
    public void Emit()
    {
        foreach (var query in _running.Values.ToList())
        {
            if (_catalog.Find(query.Definition.QueryId) is { IsRunning: false } now)
            {
                _running.Remove(query.Definition.QueryId);
                _context.Forward(FindingFactory.QueryResult(Result(query) with { Status = now.Definition.Status, Reason = now.Definition.Reason }, query.Cause));
                _context.Stores.Drop(StoresOf(query.Definition.QueryId));
                continue;
            }
            if (query.Dirty)
            {
                query.Dirty = false;
                query.Query.TakeChanges();
                _context.Forward(FindingFactory.QueryResult(Result(query), query.Cause));
            }
        }
    }

    private Running? Start(string id)
    {
        if (_running.TryGetValue(id, out var running))
        {
            return running;
        }
        if (_stopped.TryGet(id, out _) || _catalog.WaitFor(id, DefinitionWait) is not { IsRunning: true } entry)
        {
            return null;
        }
        var query = new LiveQuery(StorePrefix + id, entry.Plan!, _options.Grace, _context.Stores);
        return _running[id] = new Running(entry.Definition, query);
    }

    private void Stop(Running query, string reason, ActivityContext cause)
    {
        var id = query.Definition.QueryId;
        _stopped.Put(id, reason);
        _running.Remove(id);
        var now = _time.GetUtcNow();
        _context.Forward(FindingFactory.QueryResult(QueryResults.Of(query.Definition, query.Query, LiveQueryStatus.Stopped, reason, now), cause));
        _context.Forward(FindingFactory.QueryChanged(query.Definition with { Status = LiveQueryStatus.Stopped, Reason = reason, ChangedAt = now }, cause));
        // A stopped query does not start again (a new one is created instead): its state is of no more use.
        _context.Stores.Drop(StoresOf(id));
    }

    /// <summary>The names of a query's stores start with this (<c>query.{id}.groups</c>, ...).</summary>
    private static string StoresOf(string id) => StorePrefix + id + ".";

    private LiveQueryResultChanged Result(Running query) =>
        QueryResults.Of(query.Definition, query.Query, LiveQueryStatus.Running, null, _time.GetUtcNow());

    private sealed class Running(LiveQueryChanged definition, LiveQuery query)
    {
        private TimeSpan _cost;
        private int _records;

        public LiveQueryChanged Definition { get; } = definition;
        public LiveQuery Query { get; } = query;
        public ActivityContext Cause { get; set; }
        public bool Dirty { get; set; }

        /// <summary>Adds one record's cost; every <see cref="CostSample"/> records, returns their average and starts again.</summary>
        public TimeSpan? Charge(TimeSpan cost)
        {
            _cost += cost;
            if (++_records < CostSample)
            {
                return null;
            }
            var average = _cost / _records;
            _cost = TimeSpan.Zero;
            _records = 0;
            return average;
        }
    }
}
