using TweetPlatform.EventBus;

namespace TweetPlatform.Contracts.Events;

/// <summary>
/// A tweet's like count after a like or unlike changed it (schema version 1). The count is absolute,
/// and <see cref="LikesOffset"/> says which likes event it reflects, so a consumer keeps the one with
/// the highest offset and a re-emitted update is harmless.
/// </summary>
public sealed record LikeCountChanged : IVersionedEvent
{
    public const int CurrentVersion = 1;

    public int Version { get; init; } = CurrentVersion;
    public required string TweetId { get; init; }
    public required int Count { get; init; }

    /// <summary>Partition of <see cref="Topics.Likes"/> the count was computed from (the tweet's partition).</summary>
    public required int LikesPartition { get; init; }

    /// <summary>Offset of the likes event after which the tweet has this count.</summary>
    public required long LikesOffset { get; init; }

    public required DateTimeOffset ChangedAt { get; init; }
}
