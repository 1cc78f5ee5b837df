using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace TweetPlatform.ServiceDefaults.WarmUp;

/// <summary>
/// Runs every registered <see cref="IWarmUp"/> once the host has started, and is the readiness check that holds the
/// instance back until they are done (or <see cref="WarmUpOptions.Timeout"/> has passed).
/// </summary>
public sealed partial class WarmUpService(IEnumerable<IWarmUp> warmUps, IOptions<WarmUpOptions> options, IHostApplicationLifetime lifetime,
    TimeProvider time, ILogger<WarmUpService> logger) : BackgroundService, IHealthCheck
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Done => _done.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Once the host has started: the server listens, the consumers have subscribed.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            await started.Task;
        }
        var warming = time.GetTimestamp();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        deadline.CancelAfter(options.Value.Timeout);
        try
        {
            foreach (var warmUp in options.Value.Enabled ? warmUps : [])
            {
                await warmUp.WarmAsync(deadline.Token);
            }
            LogWarm(time.GetElapsedTime(warming).TotalMilliseconds);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            LogTimedOut(options.Value.Timeout);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(ex);
        }
        finally
        {
            _done.TrySetResult();
        }
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(Done.IsCompleted ? HealthCheckResult.Healthy("warmed up") : HealthCheckResult.Unhealthy("warming up"));

    [LoggerMessage(LogLevel.Information, "Warmed up in {Milliseconds:N0} ms")]
    private partial void LogWarm(double milliseconds);

    [LoggerMessage(LogLevel.Warning, "Warm-up did not finish in {Timeout}; ready without it")]
    private partial void LogTimedOut(TimeSpan timeout);

    [LoggerMessage(LogLevel.Warning, "Warm-up failed; ready without it")]
    private partial void LogFailed(Exception exception);
}
