namespace TweetPlatform.Analytics.Operators;

/// <summary>How many events a key has in one window.</summary>
public readonly record struct WindowedCount<TKey>(TKey Key, TimeWindow Window, long Count) where TKey : notnull;
