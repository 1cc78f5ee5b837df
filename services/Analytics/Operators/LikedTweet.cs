namespace TweetPlatform.Analytics.Operators;

/// <summary>A tweet and its current like count.</summary>
public sealed record LikedTweet(string TweetId, long Count);
