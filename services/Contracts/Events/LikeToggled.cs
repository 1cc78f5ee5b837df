using TweetPlatform.EventBus;

namespace TweetPlatform.Contracts.Events;

/// <summary>
/// A viewer asked to like (or unlike) a tweet (schema version 1). Applying these in log order per
/// tweet gives who likes what; a repeated like or unlike changes nothing.
/// </summary>
public sealed record LikeToggled : IVersionedEvent
{
    public const int CurrentVersion = 1;

    public int Version { get; init; } = CurrentVersion;
    public required string TweetId { get; init; }
    public required string ViewerId { get; init; }

    /// <summary>true: like; false: unlike.</summary>
    public required bool Liked { get; init; }

    public required DateTimeOffset RequestedAt { get; init; }
}
