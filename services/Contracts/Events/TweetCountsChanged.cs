namespace TweetPlatform.Contracts.Events;

/// <summary>Tweets about a conference in one 1-minute event-time window, and all time (schema version 1).</summary>
public sealed record TweetCountsChanged
{
    public int Version { get; init; } = 1;
    public required string Conference { get; init; }
    public required DateTimeOffset WindowStart { get; init; }
    public required DateTimeOffset WindowEnd { get; init; }
    public required long WindowCount { get; init; }
    public required long Total { get; init; }
}
