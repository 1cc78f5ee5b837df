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

    /// <summary>The secret that guards creating and deleting live queries (header X-Operator-Secret); 16+ characters.</summary>
    public string? OperatorSecret { get; set; }

    /// <summary>Live queries that may run at once.</summary>
    [Range(1, 1_000)]
    public int MaxQueries { get; set; } = 25;

    /// <summary>A live query costing more than this per input record (averaged over 1,000 records) is stopped.</summary>
    public TimeSpan QueryCostBudget { get; set; } = TimeSpan.FromMilliseconds(1);

    /// <summary>Requests per second per client address to the queries API (a token bucket).</summary>
    [Range(1, 10_000)]
    public int QueryRequestsPerSecond { get; set; } = 5;

    [Range(1, 10_000)]
    public int QueryRequestBurst { get; set; } = 20;

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
        if (OperatorSecret is { Length: < 16 })
        {
            yield return new ValidationResult("Analytics:OperatorSecret must have 16 or more characters (unset: live queries cannot be created).",
                [nameof(OperatorSecret)]);
        }
        if (QueryCostBudget <= TimeSpan.Zero)
        {
            yield return new ValidationResult("Analytics:QueryCostBudget must be positive.", [nameof(QueryCostBudget)]);
        }
    }
}
