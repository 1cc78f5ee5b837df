namespace TweetPlatform.PushGateway.Feed;

/// <summary>
/// A frame to send for a record, before <see cref="LiveFeed"/> gives it its id (the position after it).
/// <see cref="Then"/> is a second frame the same record makes (sent right after, with the same id).
/// <see cref="TweetId"/> names the tweet it is about when <see cref="Conference"/> is not known yet; <see cref="QueryId"/>
/// the live query of a result frame.
/// </summary>
public sealed record PendingFrame(string EventType, byte[] Data, string? Conference, PendingFrame? Then = null, string? TweetId = null, string? QueryId = null);
