namespace TweetPlatform.PushGateway.Sse;

/// <summary>Whether a new stream was admitted, and if not, why.</summary>
public enum ConnectResult
{
    Accepted,
    /// <summary>This instance serves its maximum number of streams (503: another instance can take it).</summary>
    InstanceFull,
    /// <summary>The client's address has its maximum number of streams open (429).</summary>
    AddressFull,
    /// <summary>The instance is shutting down (503).</summary>
    Closed,
}
