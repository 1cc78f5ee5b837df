using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;


namespace TweetPlatform.EventBus;

/// <summary>
/// The one retry policy of the platform's Kafka work, with Polly: exponential back-off from 100 ms with jitter,
/// capped at 5 s. Kafka's own errors are retried until they pass or the token is cancelled, because what is
/// retried must not be skipped (a record Kafka has not taken, an offset that must not move past it).
/// </summary>
public static class KafkaRetry
{
    public static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);

    /// <summary>What is being retried, for the log (set per execution through its <see cref="ResilienceContext"/>).</summary>
    public static readonly ResiliencePropertyKey<object> Subject = new("tweetplatform.retry.subject");

    /// <summary>
    /// Retries a <see cref="KafkaException"/>; up to <paramref name="maxAttempts"/> attempts in all (unlimited by
    /// default), after which the last exception is thrown.
    /// </summary>
    public static ResiliencePipeline OnKafkaErrors(TimeProvider time, ILogger logger, string what, int maxAttempts = int.MaxValue) =>
        Build(time, logger, what, (exception, _) => exception is KafkaException, maxAttempts);

    /// <summary>
    /// For a message handler: Kafka's errors are retried without limit (an unavailable broker must never cost a
    /// message), any other failure until <paramref name="maxAttempts"/> attempts; a message that can never be
    /// handled (<see cref="PoisonMessageException"/>, <see cref="System.Text.Json.JsonException"/>) is not retried.
    /// </summary>
    public static ResiliencePipeline ForHandler(TimeProvider time, ILogger logger, int maxAttempts) =>
        Build(time, logger, "Handling", (exception, attempt) => exception switch
        {
            PoisonMessageException or System.Text.Json.JsonException or OperationCanceledException => false,
            KafkaException => true,
            _ => attempt < maxAttempts,
        }, int.MaxValue);

    private static ResiliencePipeline Build(TimeProvider time, ILogger logger, string what, Func<Exception, int, bool> retry, int maxAttempts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        if (maxAttempts == 1)
        {
            return ResiliencePipeline.Empty;
        }
        return new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                // AttemptNumber counts from 0: the attempt that just failed is AttemptNumber + 1.
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } exception && retry(exception, args.AttemptNumber + 1)),
                MaxRetryAttempts = maxAttempts == int.MaxValue ? int.MaxValue : maxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = FirstDelay,
                MaxDelay = MaxDelay,
                OnRetry = args =>
                {
                    var subject = args.Context.Properties.TryGetValue(Subject, out var value) ? value : null;
                    logger.LogError(args.Outcome.Exception, "{What} {Subject} failed (attempt {Attempt}); retrying in {Delay}",
                        what, subject, args.AttemptNumber + 1, args.RetryDelay);
                    return default;
                },
            })
            .Build();
    }

    /// <summary>Runs <paramref name="work"/> through the pipeline; <paramref name="subject"/> names it in the retry log.</summary>
    public static async ValueTask ExecuteAsync(this ResiliencePipeline pipeline, object? subject, Func<CancellationToken, ValueTask> work,
        CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        if (subject is not null)
        {
            context.Properties.Set(Subject, subject);
        }
        try
        {
            await pipeline.ExecuteAsync(static (context, work) => work(context.CancellationToken), context, work).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }
}
