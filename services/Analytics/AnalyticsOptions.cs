using System.ComponentModel.DataAnnotations;

namespace TweetPlatform.Analytics;

/// <summary>Analytics settings (config section <c>Analytics</c>), validated at start-up.</summary>
public sealed class AnalyticsOptions : IValidatableObject
{
    public const string SectionName = "Analytics";

    /// <summary>How late (in event time) an event may arrive and still be counted in its window.</summary>
    public TimeSpan Grace { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>An alert is raised when a conference gets more than this many tweets within one minute.</summary>
    [Range(1, 1_000_000)]
    public int AlertThreshold { get; set; } = 50;

    /// <summary>How many most-liked tweets per conference.</summary>
    [Range(1, 100)]
    public int TopLikedSize { get; set; } = 3;

    /// <summary>At most one update per finding and key in this interval (the latest one is sent when it passes).</summary>
    public TimeSpan EmitInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Messages applied before state, outputs and offsets are written out together.</summary>
    [Range(1, 100_000)]
    public int MaxBatchSize { get; set; } = 2_000;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Grace < TimeSpan.Zero || Grace > TimeSpan.FromHours(1))
        {
            yield return new ValidationResult("Analytics:Grace must be between 0 and 1 hour.", [nameof(Grace)]);
        }
        if (EmitInterval < TimeSpan.Zero || EmitInterval > TimeSpan.FromMinutes(1))
        {
            yield return new ValidationResult("Analytics:EmitInterval must be between 0 and 1 minute.", [nameof(EmitInterval)]);
        }
    }
}
