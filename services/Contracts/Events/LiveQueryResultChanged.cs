using System.Text.Json;

namespace TweetPlatform.Contracts.Events;

/// <summary>
/// A live query's whole current result (schema version 1), keyed by query id on <see cref="Topics.LiveQueryResults"/>:
/// absolute, so the latest one is the result and a repeat is harmless. Rate limited per query like the built-in findings.
/// </summary>
public sealed record LiveQueryResultChanged
{
    public int Version { get; init; } = 1;
    public required string QueryId { get; init; }
    public required string Name { get; init; }

    /// <summary>One of <see cref="LiveQueryStatus"/>.</summary>
    public required string Status { get; init; }

    /// <summary>Why the query was stopped, when it was.</summary>
    public string? Reason { get; init; }

    /// <summary>The query has a WINDOW: its rows carry WINDOWSTART / WINDOWEND where selected.</summary>
    public required bool Windowed { get; init; }

    public required IReadOnlyList<LiveQueryColumn> Columns { get; init; }

    /// <summary>
    /// Result rows, one value per column: a string, a number, a boolean, an ISO 8601 timestamp, a TOPK ranking
    /// (an array of <c>{"value", "count"}</c>), or null. Newest window first; at most <see cref="MaxRows"/>.
    /// </summary>
    public required IReadOnlyList<IReadOnlyList<JsonElement>> Rows { get; init; }

    /// <summary>How many rows the result has; more than <see cref="Rows"/> holds when it was cut at <see cref="MaxRows"/>.</summary>
    public required int TotalRows { get; init; }

    /// <summary>Largest event time the query has seen.</summary>
    public DateTimeOffset? StreamTime { get; init; }

    public required DateTimeOffset ChangedAt { get; init; }

    public const int MaxRows = 200;
}

/// <summary>A result column: its name and type ("string", "number", "boolean", "timestamp", "ranking", "null").</summary>
public sealed record LiveQueryColumn(string Name, string Type);
