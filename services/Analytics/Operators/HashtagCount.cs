namespace TweetPlatform.Analytics.Operators;

/// <summary>A hashtag and how many tweets carried it in a window.</summary>
public sealed record HashtagCount(string Hashtag, long Count);
