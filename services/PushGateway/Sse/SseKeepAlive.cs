using Microsoft.Extensions.Options;

namespace TweetPlatform.PushGateway.Sse;

/// <summary>
/// Sends a keep-alive comment to every stream that was sent nothing for a whole interval, from one timer for the
/// instance: a timer per stream, set again on every wake-up, cost more CPU than the frames themselves at
/// thousands of streams and events.
/// </summary>
internal sealed class SseKeepAlive(SseBroadcaster broadcaster, IOptions<PushGatewayOptions> options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.KeepAliveInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                broadcaster.KeepAliveIdle();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
