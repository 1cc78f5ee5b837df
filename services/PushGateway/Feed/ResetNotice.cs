namespace TweetPlatform.PushGateway.Feed;

/// <summary>The <c>reset</c> SSE event's data: why the stream could not resume (a snapshot follows).</summary>
public sealed record ResetNotice(string Reason);
