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

    /// <summary>Messages no consumer could handle, with the reason in headers.</summary>
    public const string DeadLetter = "deadletter.v1";

    /// <summary>
    /// 16+ partitions: room to scale consumers out, and it keeps the embedded broker's per-partition
    /// memory cap (~5 MiB) out of reach of any realistic local run.
    /// </summary>
    public const int DefaultPartitions = 16;

    public static IReadOnlyList<TopicSpec> All { get; } =
    [
        new(Tweets, DefaultPartitions),
        new(Likes, DefaultPartitions),
        new(LikeCounts, DefaultPartitions),
        new(DeadLetter, DefaultPartitions),
    ];
}

public sealed record TopicSpec(string Name, int Partitions);
