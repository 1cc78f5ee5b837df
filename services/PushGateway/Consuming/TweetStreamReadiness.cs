using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TweetPlatform.PushGateway.Consuming;

/// <summary>
/// Ready once the consumer holds every partition of the tweets topic at a known position: from then
/// on no tweet can be missed by a client that connects.
/// </summary>
public sealed class TweetStreamReadiness : IHealthCheck
{
    private volatile bool _ready;

    public bool IsReady => _ready;

    public void MarkReady() => _ready = true;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_ready
            ? HealthCheckResult.Healthy("Consuming the tweets topic")
            : HealthCheckResult.Unhealthy("Not yet assigned to the tweets topic"));
}
