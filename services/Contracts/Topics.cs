namespace TweetPlatform.Contracts;

/// <summary>
/// Every Kafka topic the platform uses, with the partition count it is created with.
/// Topic names carry a version suffix so an incompatible event change gets a new topic.
/// </summary>
public static class Topics
{
    /// <summary>Accepted tweets (<see cref="Events.TweetReceived"/>), keyed by tweet id.</summary>
    public const string Tweets = "tweets.v1";

    /// <summary>Like and unlike requests (<see cref="Events.LikeToggled"/>), keyed by tweet id: co-partitioned with <see cref="Tweets"/>.</summary>
    public const string Likes = "likes.v1";

    /// <summary>Current like count per tweet (<see cref="Events.LikeCountChanged"/>), keyed by tweet id.</summary>
    public const string LikeCounts = "like-counts.v1";

    /// <summary>
    /// Analytics' internal repartition topic: tweets and like counts re-keyed by conference (and "*" for
    /// overall findings), so one instance holds all of a conference's state (<see cref="Events.ConferenceActivity"/>).
    /// </summary>
    public const string ConferenceActivity = "analytics.conference-activity.v1";

    /// <summary>Analytics' state changelog (compacted): every store change, keyed by store and key, on the task's partition.</summary>
    public const string AnalyticsChangelog = "analytics.state-changelog.v1";

    /// <summary>Tweets per conference per 1-minute window and all-time totals (<see cref="Events.TweetCountsChanged"/>).</summary>
    public const string TweetCounts = "tweet-counts.v1";

    /// <summary>Top hashtags over the last 5 minutes, overall and per conference (<see cref="Events.TrendingHashtagsChanged"/>).</summary>
    public const string TrendingHashtags = "trending-hashtags.v1";

    /// <summary>Most-liked tweets per conference (<see cref="Events.TopLikedChanged"/>).</summary>
    public const string TopLiked = "top-liked.v1";

    /// <summary>Alerts such as a burst of tweets for a conference (<see cref="Events.ConferenceAlertRaised"/>).</summary>
    public const string Alerts = "alerts.v1";

    /// <summary>Live queries' definitions and statuses (<see cref="Events.LiveQueryChanged"/>, compacted), keyed by query id.</summary>
    public const string LiveQueries = "live-queries.v1";

    /// <summary>Live queries' current results (<see cref="Events.LiveQueryResultChanged"/>), keyed by query id.</summary>
    public const string LiveQueryResults = "live-query-results.v1";

    /// <summary>Messages no consumer could handle, with the reason in headers.</summary>
    public const string DeadLetter = "deadletter.v1";

    /// <summary>
    /// 16+ partitions: room to scale consumers out, and it keeps the embedded broker's per-partition
    /// memory cap (~5 MiB) out of reach of any realistic local run.
    /// </summary>
    public const int DefaultPartitions = 16;

    /// <summary>
    /// Findings are few (rate limited, one key per conference): one partition each keeps the push
    /// gateway's resume position, which names every partition it reads, short.
    /// </summary>
    public const int FindingPartitions = 1;

    /// <summary>
    /// For topics services rebuild their state from: never deleted by age or size (real Kafka;
    /// the embedded broker keeps everything in memory anyway).
    /// </summary>
    public static IReadOnlyDictionary<string, string> KeepForever { get; } =
        new Dictionary<string, string> { ["retention.ms"] = "-1", ["retention.bytes"] = "-1" };

    /// <summary>For changelogs: the latest value per key is kept for ever, older ones are compacted away.</summary>
    public static IReadOnlyDictionary<string, string> Compacted { get; } =
        new Dictionary<string, string> { ["cleanup.policy"] = "compact", ["retention.ms"] = "-1" };

    public static IReadOnlyList<TopicSpec> All { get; } =
    [
        new(Tweets, DefaultPartitions, KeepForever),
        new(Likes, DefaultPartitions, KeepForever),
        new(LikeCounts, DefaultPartitions),
        new(ConferenceActivity, DefaultPartitions),
        new(AnalyticsChangelog, DefaultPartitions, Compacted),
        new(TweetCounts, FindingPartitions),
        new(TrendingHashtags, FindingPartitions),
        new(TopLiked, FindingPartitions),
        new(Alerts, FindingPartitions),
        new(LiveQueries, FindingPartitions, Compacted),
        new(LiveQueryResults, FindingPartitions),
        new(DeadLetter, DefaultPartitions),
    ];
}

/// <summary>A topic, its partition count and the topic-level settings it is created with.</summary>
public sealed record TopicSpec(string Name, int Partitions, IReadOnlyDictionary<string, string>? Config = null);
