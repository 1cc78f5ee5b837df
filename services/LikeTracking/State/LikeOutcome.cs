namespace TweetPlatform.LikeTracking.State;

/// <summary>What applying one like event did: whether it changed anything, and the state after it.</summary>
public sealed record LikeOutcome(string TweetId, string ViewerId, bool Liked, int Count, bool Changed);
