namespace TweetPlatform.PushGateway.Sse;

/// <summary>
/// Ends every open stream when the host begins to stop, so Kestrel's graceful shutdown is not held
/// up by long-lived responses; browsers reconnect (to another instance) after their retry delay.
/// </summary>
internal sealed class SseShutdown(IHostApplicationLifetime lifetime, SseBroadcaster broadcaster) : IHostedService
{
    public const string Reason = "server shutting down";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStopping.Register(() => broadcaster.DisconnectAll(Reason));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
