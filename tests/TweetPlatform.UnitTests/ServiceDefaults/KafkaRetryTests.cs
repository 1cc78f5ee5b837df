using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using TweetPlatform.EventBus;

namespace TweetPlatform.UnitTests.ServiceDefaults;

/// <summary>
/// The one retry policy: Kafka's errors are retried until they pass (never more than 5 s apart) or the token is
/// cancelled; other failures are not, except a handler's, up to its attempts; a poison message never.
/// </summary>
public sealed class KafkaRetryTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly FakeTimeProvider _time = new();

    private static KafkaException Unavailable() => new(new Error(ErrorCode.Local_Transport, "broker down"));

    /// <summary>
    /// Runs the work through the pipeline while fake time moves on in small steps, and checks in fake time that each
    /// attempt followed the one before at most the longest delay (plus one step) later. Measured at the attempts
    /// themselves, so it does not matter when the pipeline registers its timer relative to a step.
    /// </summary>
    private async Task<int> RunAsync(Polly.ResiliencePipeline pipeline, Func<int, Exception?> failure, CancellationToken cancellationToken = default)
    {
        var step = TimeSpan.FromMilliseconds(250);
        var attemptTimes = new List<DateTimeOffset>();
        var attempts = 0;
        var run = pipeline.ExecuteAsync("the work", _ =>
        {
            lock (attemptTimes)
            {
                attemptTimes.Add(_time.GetUtcNow());
            }
            var error = failure(Interlocked.Increment(ref attempts));
            return error is null ? ValueTask.CompletedTask : ValueTask.FromException(error);
        }, cancellationToken).AsTask();
        var deadline = DateTime.UtcNow + Patience;
        while (!run.IsCompleted)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Still retrying after {attempts} attempts");
            _time.Advance(step);
            await Task.Delay(1);
        }
        await run;
        lock (attemptTimes)
        {
            for (var i = 1; i < attemptTimes.Count; i++)
            {
                var gap = attemptTimes[i] - attemptTimes[i - 1];
                Assert.True(gap <= KafkaRetry.MaxDelay + step, $"Attempt {i + 1} came {gap} after attempt {i}: longer than {KafkaRetry.MaxDelay}");
            }
        }
        return attempts;
    }

    [Fact]
    public async Task A_kafka_error_is_retried_until_it_passes_each_attempt_at_most_the_longest_delay_apart()
    {
        var pipeline = KafkaRetry.OnKafkaErrors(_time, NullLogger.Instance, "Writing");
        Assert.Equal(30, await RunAsync(pipeline, attempt => attempt < 30 ? Unavailable() : null));
    }

    [Fact]
    public async Task Another_error_is_not_retried()
    {
        var pipeline = KafkaRetry.OnKafkaErrors(_time, NullLogger.Instance, "Writing");
        var attempts = 0;
        await Assert.ThrowsAsync<InvalidOperationException>(() => RunAsync(pipeline, attempt => { attempts = attempt; return new InvalidOperationException(); }));
        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task A_limited_pipeline_gives_up_after_its_attempts_with_the_last_error()
    {
        var pipeline = KafkaRetry.OnKafkaErrors(_time, NullLogger.Instance, "Reading", maxAttempts: 3);
        var attempts = 0;
        await Assert.ThrowsAsync<KafkaException>(() => RunAsync(pipeline, attempt => { attempts = attempt; return Unavailable(); }));
        Assert.Equal(3, attempts);
    }

    [Fact]
    public async Task A_handler_is_retried_up_to_its_attempts_but_kafka_errors_without_limit_and_poison_never()
    {
        var pipeline = KafkaRetry.ForHandler(_time, NullLogger.Instance, maxAttempts: 4);
        var attempts = 0;
        await Assert.ThrowsAsync<InvalidOperationException>(() => RunAsync(pipeline, attempt => { attempts = attempt; return new InvalidOperationException(); }));
        Assert.Equal(4, attempts);

        Assert.Equal(12, await RunAsync(pipeline, attempt => attempt < 12 ? Unavailable() : null));

        await Assert.ThrowsAsync<PoisonMessageException>(() => RunAsync(pipeline, attempt => { attempts = attempt; return new PoisonMessageException("bad"); }));
        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task Cancelling_ends_the_retries()
    {
        var pipeline = KafkaRetry.OnKafkaErrors(_time, NullLogger.Instance, "Writing");
        using var stop = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => RunAsync(pipeline, attempt =>
        {
            if (attempt == 5)
            {
                stop.Cancel();
            }
            return Unavailable();
        }, stop.Token));
    }
}
