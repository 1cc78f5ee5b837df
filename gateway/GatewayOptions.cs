using System.ComponentModel.DataAnnotations;

namespace TweetPlatform.Gateway;

/// <summary>Gateway settings (config section <c>Gateway</c>), validated at start-up.</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>Folder of the built SPA; relative paths are resolved against the gateway's own folder.</summary>
    [Required]
    public string SpaPath { get; set; } = "spa";

    [Required]
    public RateLimitOptions RateLimits { get; set; } = new();

    public string ResolveSpaPath() =>
        Path.IsPathRooted(SpaPath) ? SpaPath : Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, SpaPath));
}

/// <summary>Token buckets per client IP address; 0 tokens per second turns a limit off.</summary>
public sealed class RateLimitOptions
{
    [Required]
    public TokenBucket Ingest { get; set; } = new() { TokensPerSecond = 200, Burst = 400 };

    [Required]
    public TokenBucket Updates { get; set; } = new() { TokensPerSecond = 2, Burst = 20 };

    [Required]
    public TokenBucket Likes { get; set; } = new() { TokensPerSecond = 20, Burst = 60 };

    public TokenBucket Queries { get; set; } = new() { TokensPerSecond = 5, Burst = 20 };
}

public sealed class TokenBucket
{
    [Range(0, 1_000_000)]
    public int TokensPerSecond { get; set; }

    [Range(1, 1_000_000)]
    public int Burst { get; set; } = 1;
}
