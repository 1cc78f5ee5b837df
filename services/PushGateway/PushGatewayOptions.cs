using System.ComponentModel.DataAnnotations;

namespace TweetPlatform.PushGateway;

/// <summary>Push gateway settings (config section <c>PushGateway</c>), validated at start-up.</summary>
public sealed class PushGatewayOptions : IValidatableObject
{
    public const string SectionName = "PushGateway";

    /// <summary>How often an idle stream gets a comment line, so proxies and browsers keep it open.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Frames queued per client before it counts as too slow and is disconnected. Frames are shared by all
    /// clients, so a queue costs a reference per frame; 4,096 is 2 s at 2,000 events a second, room for a healthy
    /// client (or this instance itself, short of CPU) to fall behind for a moment without being cut off.
    /// </summary>
    [Range(1, 1_000_000)]
    public int ClientQueueCapacity { get; set; } = 4_096;

    /// <summary>The reconnection delay sent to browsers (SSE <c>retry:</c>).</summary>
    [Range(100, 600_000)]
    public int ReconnectDelayMilliseconds { get; set; } = 3_000;

    /// <summary>How many recent tweet ids are remembered to drop re-sent tweets.</summary>
    [Range(1, 10_000_000)]
    public int RecentTweetIdCapacity { get; set; } = 100_000;

    /// <summary>Tweets in a snapshot (the newest); also how many each tweets partition replays at start-up.</summary>
    [Range(1, 10_000)]
    public int SnapshotTweets { get; set; } = 100;

    /// <summary>Tweet-count windows per conference in a snapshot (the newest), for a per-minute chart.</summary>
    [Range(1, 1_440)]
    public int SnapshotWindows { get; set; } = 30;

    /// <summary>Alerts in a snapshot (the newest).</summary>
    [Range(0, 1_000)]
    public int SnapshotAlerts { get; set; } = 20;

    /// <summary>Conferences whose findings a snapshot keeps (bounds memory against a flood of names).</summary>
    [Range(1, 100_000)]
    public int SnapshotConferences { get; set; } = 1_000;

    /// <summary>How far back findings are replayed at start-up.</summary>
    public TimeSpan FindingsLookback { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Frames kept for resuming clients from their Last-Event-ID; older positions get a reset and a snapshot.</summary>
    [Range(1, 10_000_000)]
    public int ResumeFrames { get; set; } = 10_000;

    /// <summary>How long a client whose Last-Event-ID is ahead of this instance waits for it to catch up before a reset.</summary>
    public TimeSpan ResumeWaitTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Streams one instance serves at most; more get 503 (another instance can take them).</summary>
    [Range(1, 1_000_000)]
    public int MaxConnections { get; set; } = 20_000;

    /// <summary>Streams one client address may have open at once; more get 429.</summary>
    [Range(1, 1_000_000)]
    public int MaxConnectionsPerAddress { get; set; } = 100;

    /// <summary>
    /// What one stream may hold unsent, in the server's response buffer and again in its socket's kernel send
    /// buffer (SO_SNDBUF, which Linux doubles). Bounds what a client that stops reading costs until it is cut
    /// off: left to their defaults a stalled socket grew to over a megabyte, and writing hundreds of those took
    /// the time of the clients that read. 32 KiB carries ~600 KB/s at a 100 ms round trip.
    /// </summary>
    [Range(4_096, 16_777_216)]
    public int StreamBufferBytes { get; set; } = 32_768;

    /// <summary>
    /// After this many clients were cut off in one burst (cut-offs less than a second apart), the instance
    /// gives their memory back to the system with one full collection; 0 never does.
    /// </summary>
    [Range(0, 1_000_000)]
    public int ReleaseMemoryAfterCutOffs { get; set; } = 50;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (KeepAliveInterval < TimeSpan.FromMilliseconds(100) || KeepAliveInterval > TimeSpan.FromMinutes(10))
        {
            yield return new ValidationResult("PushGateway:KeepAliveInterval must be between 100 ms and 10 minutes.", [nameof(KeepAliveInterval)]);
        }
        if (FindingsLookback < TimeSpan.Zero)
        {
            yield return new ValidationResult("PushGateway:FindingsLookback cannot be negative.", [nameof(FindingsLookback)]);
        }
        if (ResumeWaitTimeout < TimeSpan.Zero || ResumeWaitTimeout > TimeSpan.FromMinutes(1))
        {
            yield return new ValidationResult("PushGateway:ResumeWaitTimeout must be between 0 and 1 minute.", [nameof(ResumeWaitTimeout)]);
        }
    }
}
