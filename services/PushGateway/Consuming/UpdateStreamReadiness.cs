using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TweetPlatform.PushGateway.Consuming;

/// <summary>
/// Ready once the consumer holds every partition of the streamed topics at a known position: from
/// then on no event can be missed by a client that connects.
/// </summary>
public sealed class UpdateStreamReadiness : IHealthCheck
{
    private volatile bool _ready;

    public bool IsReady => _ready;

    public void MarkReady() => _ready = true;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_ready
            ? HealthCheckResult.Healthy("Consuming the update topics")
            : HealthCheckResult.Unhealthy("Not yet assigned to the update topics"));
}
