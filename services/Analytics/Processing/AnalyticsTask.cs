using System.Diagnostics;
using TweetPlatform.Analytics.Operators;
using TweetPlatform.Analytics.Queries.Catalog;
using TweetPlatform.Contracts;
using TweetPlatform.Contracts.Events;

namespace TweetPlatform.Analytics.Processing;

/// <summary>
/// All analytics state and operators of one partition of <see cref="Topics.ConferenceActivity"/> (like
/// a Kafka Streams task). Every piece of state lives in a store that is written to the changelog, so
/// a task rebuilt from the changelog continues exactly where the old one stopped. The input offset
/// and, per source partition, the last tweet applied are state too: a record delivered again after a
/// crash is skipped instead of counted twice.
/// </summary>
public sealed class AnalyticsTask
{
    private readonly TweetCountsPerConference _counts;
    private readonly ConferenceAlerts _alerts;
    // Separate operators: the overall view is fed only by "*" records, conferences only by their own.
    private readonly TrendingHashtags _trendingOverall;
    private readonly TrendingHashtags _trendingByConference;
    private readonly MostLikedTweets _mostLiked;
    private readonly IProcessorContext _context;
    private readonly StateStores _stores;
    private readonly StateStore<string, long> _progress;
    private readonly StateStore<string, long> _likesOffsets;
    private readonly PartitionQueries _queries;

    /// <param name="context">The loop's context for this task; by default one that forwards without a rate limit.</param>
    /// <param name="queries">The live queries there are; by default none.</param>
    public AnalyticsTask(int partition, AnalyticsOptions options, LateEventMetric? lateEvents, IProcessorContext? context = null,
        LiveQueryCatalog? queries = null, TimeProvider? time = null)
    {
        Partition = partition;
        _context = context ?? new TaskContext(partition, TimeSpan.Zero, TimeProvider.System);
        _stores = _context.Stores;
        _counts = new TweetCountsPerConference(options.Grace, lateEvents, "tweet-counts", _stores);
        _alerts = new ConferenceAlerts(options.AlertThreshold, options.Grace, lateEvents, "alerts", _stores);
        _trendingOverall = new TrendingHashtags(options.Grace, lateEvents, "trending-overall", stores: _stores);
        // Conference records rank only their conference: the overall view is _trendingOverall's, from the "*" records.
        _trendingByConference = new TrendingHashtags(options.Grace, lateEvents, "trending-conference", countAllTweets: false, _stores);
        _mostLiked = new MostLikedTweets(options.TopLikedSize, "most-liked", _stores);
        _progress = _stores.Add<string, long>("task.progress");
        _likesOffsets = _stores.Add<string, long>("task.likes-offsets");
        _queries = new PartitionQueries(queries ?? new LiveQueryCatalog(), options, _context, time ?? TimeProvider.System);
    }

    /// <summary>The live queries this task runs now.</summary>
    public PartitionQueries Queries => _queries;

    /// <summary>The names of the task's stores, each with its share of the changelog.</summary>
    public IReadOnlyCollection<string> StoreNames => _stores.Names;

    public int Partition { get; }

    /// <summary>Processes one record: applies it and forwards the findings it changed to the context.</summary>
    public void Process(ConferenceActivity activity, long inputOffset, ActivityContext cause)
    {
        foreach (var finding in Apply(activity, inputOffset, cause))
        {
            _context.Forward(finding);
        }
    }

    /// <summary>Applies one record; returns the findings it changed (none for a record applied before).</summary>
    public IReadOnlyList<Finding> Apply(ConferenceActivity activity, long inputOffset, ActivityContext cause)
    {
        if (inputOffset < _progress.Get("input"))
        {
            return []; // Delivered again after a crash: already in the state.
        }
        _progress.Put("input", inputOffset + 1);
        if (activity.Kind is PartitionQueries.TweetKind or PartitionQueries.LikesKind)
        {
            _queries.Apply(activity, cause); // forwards its results itself, rate limited
            return [];
        }
        var findings = new List<Finding>();
        if (activity.Kind == "tweet")
        {
            // Per scope: a tweet is routed once for "*" and once for its conference, with the same source offset.
            var source = $"tweets:{activity.Conference}:{activity.SourcePartition}";
            if (_progress.TryGet(source, out var lastApplied) && activity.SourceOffset <= lastApplied)
            {
                return []; // Routed again by the router after its own restart.
            }
            _progress.Put(source, activity.SourceOffset);
            ApplyTweet(activity, findings, cause);
        }
        else if (activity.LikeCount is { } likes)
        {
            // Counts are absolute and ordered by the likes offset: an older one must not overwrite a newer one.
            if (_likesOffsets.TryGet(activity.TweetId, out var newest) && activity.SourceOffset <= newest)
            {
                return [];
            }
            _likesOffsets.Put(activity.TweetId, activity.SourceOffset);
            if (_mostLiked.Update(activity.Conference, activity.TweetId, likes) is { } top)
            {
                findings.Add(FindingFactory.TopLiked(top, cause));
            }
        }
        return findings;
    }

    private void ApplyTweet(ConferenceActivity tweet, List<Finding> findings, ActivityContext cause)
    {
        if (tweet.Conference == ConferenceActivity.Overall)
        {
            findings.AddRange(_trendingOverall.Add(null, tweet.Hashtags, tweet.EventTime).Select(u => FindingFactory.Trending(u, cause)));
            return;
        }
        if (_counts.Add(tweet.Conference, tweet.EventTime) is { } count)
        {
            findings.Add(FindingFactory.TweetCounts(count, cause));
        }
        if (_alerts.Add(tweet.Conference, tweet.EventTime) is { } alert)
        {
            findings.Add(FindingFactory.Alert(alert, cause));
        }
        findings.AddRange(_trendingByConference.Add(tweet.Conference, tweet.Hashtags, tweet.EventTime)
            .Where(u => u.Conference is not null)
            .Select(u => FindingFactory.Trending(u, cause)));
    }

    /// <summary>
    /// The current value of every finding this task holds, for publishing after a restore: an update
    /// the previous owner held back (rate limit) or lost in a crash is then not missing downstream.
    /// </summary>
    public IReadOnlyList<Finding> CurrentFindings()
    {
        var findings = new List<Finding>();
        foreach (var conference in _counts.Counter.Totals.Entries.Select(e => e.Key))
        {
            if (_counts.Counter.Counts.Entries.Where(e => e.Key.Key == conference).OrderBy(e => e.Key.Window).LastOrDefault() is { Key: var latest } entry)
            {
                findings.Add(FindingFactory.TweetCounts(new TweetCountUpdate(conference, latest.Window.Start, latest.Window.End, entry.Value,
                    _counts.Counter.Totals.Get(conference)), default));
            }
        }
        if (_trendingOverall.Current(null) is { } overall)
        {
            findings.Add(FindingFactory.Trending(overall, default));
        }
        foreach (var conference in _trendingByConference.Counter.Counts.Entries.Select(e => e.Key.Key.Scope).Where(s => s != ScopedHashtag.AllTweets).Distinct())
        {
            if (_trendingByConference.Current(conference) is { } trending)
            {
                findings.Add(FindingFactory.Trending(trending, default));
            }
        }
        foreach (var conference in _mostLiked.LikeCounts.Entries.Select(e => e.Key.Conference).Distinct())
        {
            findings.Add(FindingFactory.TopLiked(_mostLiked.TopFor(conference), default));
        }
        findings.AddRange(_queries.CurrentResults(Partition));
        return findings;
    }

    /// <summary>Every store change since the last call, as changelog records.</summary>
    public IReadOnlyList<(string Key, byte[]? Value)> TakeChanges() => _stores.TakeChanges();

    /// <summary>Applies one changelog record while rebuilding the task.</summary>
    public bool Restore(string changelogKey, byte[]? value) => _stores.Restore(changelogKey, value);
}
