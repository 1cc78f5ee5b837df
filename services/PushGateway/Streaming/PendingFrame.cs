namespace TweetPlatform.PushGateway.Streaming;

/// <summary>A frame to send for a record, before <see cref="UpdateStream"/> gives it its id (the position after it).</summary>
public sealed record PendingFrame(string EventType, byte[] Data, string? Conference);
