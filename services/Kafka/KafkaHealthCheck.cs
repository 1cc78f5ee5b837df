using Confluent.Kafka;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TweetPlatform.Kafka;

/// <summary>
/// Healthy when the client's own connection can fetch cluster metadata within a short timeout.
/// Reusing the client's handle costs no extra connection and probes exactly the path the service uses.
/// </summary>
internal sealed class KafkaHealthCheck(IClient client, TimeSpan timeout) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        // GetMetadata blocks; keep it off the request thread.
        Task.Run(() =>
        {
            try
            {
                using var admin = new DependentAdminClientBuilder(client.Handle).Build();
                var metadata = admin.GetMetadata(timeout);
                return metadata.Brokers.Count > 0
                    ? HealthCheckResult.Healthy($"{metadata.Brokers.Count} broker(s) reachable")
                    : HealthCheckResult.Unhealthy("Kafka returned no brokers");
            }
            catch (KafkaException ex)
            {
                return HealthCheckResult.Unhealthy($"Kafka unreachable: {ex.Error.Reason}", ex);
            }
        }, cancellationToken);
}
