namespace TweetPlatform.Analytics.Operators;

/// <summary>A conference's tweet count in one 1-minute window, and all-time, after a tweet changed it.</summary>
public sealed record TweetCountUpdate(string Conference, DateTimeOffset WindowStart, DateTimeOffset WindowEnd, long WindowCount, long Total);
