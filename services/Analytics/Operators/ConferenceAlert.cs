namespace TweetPlatform.Analytics.Operators;

/// <summary>A conference received more than <paramref name="Threshold"/> tweets within one 1-minute window.</summary>
/// <param name="Count">The window's count when it crossed the threshold (Threshold + 1 unless several tweets were added at once).</param>
public sealed record ConferenceAlert(string Conference, DateTimeOffset WindowStart, DateTimeOffset WindowEnd, long Count, int Threshold);
