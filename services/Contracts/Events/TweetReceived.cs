using TweetPlatform.EventBus;

namespace TweetPlatform.Contracts.Events;

/// <summary>
/// A tweet accepted by ingest (schema version 1). Ids are strings end to end: numeric tweet ids
/// exceed JavaScript's safe integer range.
/// </summary>
public sealed record TweetReceived : IVersionedEvent
{
    public const int CurrentVersion = 1;

    public int Version { get; init; } = CurrentVersion;
    public required string TweetId { get; init; }
    public required string Text { get; init; }
    public required string Author { get; init; }
    public string? AuthorImageUrl { get; init; }
    public IReadOnlyList<string> Hashtags { get; init; } = [];

    /// <summary>The tracked conference tag that matched (the original demo's tagFilter); null when none did.</summary>
    public string? Conference { get; init; }

    /// <summary>When the tweet was written (event time).</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When ingest accepted it.</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    public string? Language { get; init; }
    public bool IsRetweet { get; init; }
    public string? OriginalTweetId { get; init; }
    public string? Link { get; init; }

    /// <summary>Which ingest endpoint took it: "api" or "ifttt".</summary>
    public required string Source { get; init; }
}
