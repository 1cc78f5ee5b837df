using System.ComponentModel.DataAnnotations;

namespace TweetPlatform.PushGateway;

/// <summary>Push gateway settings (config section <c>PushGateway</c>), validated at start-up.</summary>
public sealed class PushGatewayOptions : IValidatableObject
{
    public const string SectionName = "PushGateway";

    /// <summary>How often an idle stream gets a comment line, so proxies and browsers keep it open.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Frames queued per client before it counts as too slow and is disconnected.</summary>
    [Range(1, 1_000_000)]
    public int ClientQueueCapacity { get; set; } = 1_024;

    /// <summary>The reconnection delay sent to browsers (SSE <c>retry:</c>).</summary>
    [Range(100, 600_000)]
    public int ReconnectDelayMilliseconds { get; set; } = 3_000;

    /// <summary>How many recent tweet ids are remembered to drop re-sent tweets.</summary>
    [Range(1, 10_000_000)]
    public int RecentTweetIdCapacity { get; set; } = 100_000;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (KeepAliveInterval < TimeSpan.FromMilliseconds(100) || KeepAliveInterval > TimeSpan.FromMinutes(10))
        {
            yield return new ValidationResult("PushGateway:KeepAliveInterval must be between 100 ms and 10 minutes.", [nameof(KeepAliveInterval)]);
        }
    }
}
