using TweetPlatform.EventBus;

namespace TweetPlatform.Contracts.Events;

/// <summary>
/// Analytics' repartition record (schema version 1): a tweet, or a tweet's new like count, keyed by
/// conference ("*" for the overall view). <see cref="SourcePartition"/> and <see cref="SourceOffset"/>
/// name the input message it came from, so a record re-sent after a crash is applied once.
/// Live queries' input shares the topic (and so its tasks, changelog and guarantees): a <c>query-tweet</c> or
/// <c>query-likes</c> record is sent to the partition of the <see cref="Queries"/> it is for, carrying the whole
/// tweet or like count, since a query may read any column; the router batches the ones of one source partition into
/// <see cref="Inputs"/> (one record per batch and partition instead of one per tweet and partition).
/// </summary>
public sealed record ConferenceActivity : IVersionedEvent
{
    public const int CurrentVersion = 1;
    public const string Overall = "*";

    public int Version { get; init; } = CurrentVersion;

    /// <summary>"tweet" or "likes"; "query-tweet" or "query-likes" for live queries.</summary>
    public required string Kind { get; init; }

    public required string Conference { get; init; }
    public required string TweetId { get; init; }

    /// <summary>Event time: when the tweet was written (for likes: when the count changed).</summary>
    public required DateTimeOffset EventTime { get; init; }

    public IReadOnlyList<string> Hashtags { get; init; } = [];
    public int? LikeCount { get; init; }

    /// <summary>The live queries (ids, all of this record's partition) a query record is input of.</summary>
    public IReadOnlyList<string>? Queries { get; init; }

    /// <summary>A query-tweet record's tweet.</summary>
    public TweetReceived? Tweet { get; init; }

    /// <summary>A query-likes record's like count.</summary>
    public LikeCountChanged? Likes { get; init; }

    /// <summary>
    /// A batched query record's inputs, in source offset order (then <see cref="Tweet"/> and <see cref="Likes"/> are
    /// unset, and <see cref="SourceOffset"/> is the last input's).
    /// </summary>
    public IReadOnlyList<QueryInput>? Inputs { get; init; }

    public required string SourceTopic { get; init; }
    public required int SourcePartition { get; init; }
    public required long SourceOffset { get; init; }
}
