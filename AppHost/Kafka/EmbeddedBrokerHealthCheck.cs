using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TweetPlatform.AppHost.Kafka;

/// <summary>Healthy once the embedded broker has written its address and accepts TCP connections there.</summary>
internal sealed class EmbeddedBrokerHealthCheck(BootstrapFileValue bootstrap) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(bootstrap.Path))
        {
            return HealthCheckResult.Unhealthy("The embedded broker has not written its address yet.");
        }
        var first = (await File.ReadAllTextAsync(bootstrap.Path, cancellationToken)).Split(',', StringSplitOptions.TrimEntries)[0];
        var colon = first.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(first[(colon + 1)..], out var port))
        {
            return HealthCheckResult.Unhealthy($"Unreadable bootstrap address '{first}'.");
        }
        try
        {
            using var client = new TcpClient();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            await client.ConnectAsync(first[..colon], port, timeout.Token);
            return HealthCheckResult.Healthy(first);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"The embedded broker does not accept connections at {first}: {ex.Message}");
        }
    }
}
