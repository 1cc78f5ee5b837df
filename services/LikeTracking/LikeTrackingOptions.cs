using System.ComponentModel.DataAnnotations;

namespace TweetPlatform.LikeTracking;

/// <summary>Like-tracking settings (config section <c>LikeTracking</c>), validated at start-up.</summary>
public sealed class LikeTrackingOptions : IValidatableObject
{
    public const string SectionName = "LikeTracking";

    /// <summary>Like requests per viewer id (token bucket); 0 tokens per second turns the limit off.</summary>
    [Range(0, 1_000_000)]
    public int ViewerTokensPerSecond { get; set; } = 5;

    [Range(1, 1_000_000)]
    public int ViewerBurst { get; set; } = 20;

    /// <summary>How long a like request waits to see its own event applied before answering 202 instead of 200.</summary>
    public TimeSpan OutcomeWait { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a request for an unknown tweet id waits for the tweets topic to catch up before answering 404.</summary>
    public TimeSpan TweetLookupWait { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Recent like outcomes kept for answering requests (by likes offset).</summary>
    [Range(1_000, 10_000_000)]
    public int RecentOutcomeCapacity { get; set; } = 100_000;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (OutcomeWait <= TimeSpan.Zero || OutcomeWait > TimeSpan.FromMinutes(1))
        {
            yield return new ValidationResult("LikeTracking:OutcomeWait must be between 0 and 1 minute.", [nameof(OutcomeWait)]);
        }
        if (TweetLookupWait <= TimeSpan.Zero || TweetLookupWait > TimeSpan.FromMinutes(1))
        {
            yield return new ValidationResult("LikeTracking:TweetLookupWait must be between 0 and 1 minute.", [nameof(TweetLookupWait)]);
        }
    }
}
