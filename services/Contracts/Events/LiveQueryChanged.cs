using TweetPlatform.EventBus;

namespace TweetPlatform.Contracts.Events;

/// <summary>
/// A live query's definition and status (schema version 1), keyed by query id on the compacted
/// <see cref="Topics.LiveQueries"/>: the latest record of an id is the query as it is now. Written by the
/// queries API (defined, deleted) and by the analytics task that runs it (stopped at a limit).
/// </summary>
public sealed record LiveQueryChanged : IVersionedEvent
{
    public const int CurrentVersion = 1;

    public int Version { get; init; } = CurrentVersion;
    public required string QueryId { get; init; }
    public required string Name { get; init; }
    public required string Sql { get; init; }

    /// <summary>One of <see cref="LiveQueryStatus"/>.</summary>
    public required string Status { get; init; }

    /// <summary>Why a query was stopped (a limit it went over), for its owner.</summary>
    public string? Reason { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset ChangedAt { get; init; }
}
