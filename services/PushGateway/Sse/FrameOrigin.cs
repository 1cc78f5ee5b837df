namespace TweetPlatform.PushGateway.Sse;

/// <summary>
/// The Kafka record a frame was made from: its partition (a <see cref="FeedPosition"/> key) and
/// offset, which conference it concerns (for <c>?conference=</c> filters; null when none) and when the
/// record was created (for the delivery-latency histogram). <see cref="TweetId"/>: the tweet a frame is about when its
/// conference was not known yet (a like count read before its tweet), so it can be looked up later. <see cref="QueryId"/>:
/// the live query a result frame is of (sent only to clients that follow it).
/// </summary>
public readonly record struct FrameOrigin(int Key, long Offset, string? Conference, DateTimeOffset CreatedAt, string? TweetId = null, string? QueryId = null);
