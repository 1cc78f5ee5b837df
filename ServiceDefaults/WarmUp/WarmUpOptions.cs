using System.ComponentModel.DataAnnotations;

namespace TweetPlatform.ServiceDefaults.WarmUp;

/// <summary>Warm-up before readiness (config section <c>WarmUp</c>), validated at start-up.</summary>
public sealed class WarmUpOptions
{
    public const string SectionName = "WarmUp";

    /// <summary>Off: the instance is ready as soon as its other checks pass.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How many times each warm-up request is repeated (the JIT optimises a method after about 30 calls).</summary>
    [Range(1, 1_000)]
    public int Rounds { get; set; } = 30;

    /// <summary>
    /// The longest readiness waits for warming up; after it the instance is ready anyway (a slow or failed warm-up must not
    /// keep a working instance out of service).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(20);
}
