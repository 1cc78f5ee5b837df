namespace TweetPlatform.Contracts.Events;

/// <summary>A conference received more than <see cref="Threshold"/> tweets within one 1-minute window; raised once per window (schema version 1).</summary>
public sealed record ConferenceAlertRaised
{
    public int Version { get; init; } = 1;
    public required string Conference { get; init; }
    public required DateTimeOffset WindowStart { get; init; }
    public required DateTimeOffset WindowEnd { get; init; }
    public required long Count { get; init; }
    public required long Threshold { get; init; }
    public required string Message { get; init; }
}
