namespace TweetPlatform.PushGateway.Sse;

/// <summary>Where a connecting client's first frames come from, and its live ones after them without a gap.</summary>
public interface IFrameSource
{
    /// <summary>
    /// Starts delivering to <paramref name="client"/>: returns the frames to write before its queue, or null when its
    /// Last-Event-ID is ahead of this instance (wait for <see cref="WaitForProgressAsync"/> and retry).
    /// </summary>
    IReadOnlyList<SseFrame>? TryAttach(SseClient client, string? lastEventId, bool giveUpWaiting);

    /// <summary>Completes when the source has moved on, or when cancelled.</summary>
    Task WaitForProgressAsync(CancellationToken cancellationToken);
}
