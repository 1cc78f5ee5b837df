namespace TweetPlatform.PushGateway.Feed;

/// <summary>The <c>likes</c> SSE event's data: a tweet's current like count.</summary>
public sealed record LikesUpdate(string TweetId, int Count);
