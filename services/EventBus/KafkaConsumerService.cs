using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Polly;

using TweetPlatform.Kafka;

namespace TweetPlatform.EventBus;

/// <summary>
/// The consume loop every service shares: one message at a time, a <c>process</c> span per message
/// (child of the producer's span), at-least-once delivery (the offset is stored for commit only after
/// the handler finished), transient failures retried with back-off, poison messages dead-lettered.
/// </summary>
public abstract class KafkaConsumerService<TKey, TValue>(
    IConsumer<TKey, TValue> consumer,
    DeadLetterPublisher deadLetters,
    TimeProvider time,
    ILogger logger) : BackgroundService
{
    private readonly List<TopicPartitionOffset> _handled = [];
    private ResiliencePipeline? _handlerRetry;
    private ResiliencePipeline? _deadLetterRetry;

    protected TimeProvider Time => time;

    /// <summary>The consumer group offsets are committed for; null for a consumer that only assigns partitions.</summary>
    protected virtual string? GroupId => null;

    /// <summary>
    /// Called once a message is done with (handled or dead-lettered). By default, in a group, stores its
    /// offset for the next commit.
    /// </summary>
    protected virtual void OnCompleted(TopicPartitionOffset message) => Store(message);

    /// <summary>Subscribe to topics or assign partitions. Runs on the consume thread before the loop.</summary>
    protected abstract void StartConsuming(IConsumer<TKey, TValue> consumer, CancellationToken stoppingToken);

    /// <summary>Handle one message. Throw <see cref="PoisonMessageException"/> (or let a JsonException escape) for a message that can never be handled.</summary>
    protected abstract ValueTask HandleAsync(ConsumeResult<TKey, TValue> result, CancellationToken cancellationToken);

    /// <summary>
    /// Attempts for a handler failure that is not Kafka's own (a bug, a value the handler cannot take)
    /// before the message is dead-lettered with the reason. Kafka errors are retried without limit:
    /// an unavailable broker must never cost a message.
    /// </summary>
    protected virtual int MaxHandlerAttempts => 5;

    /// <summary>
    /// Whether handling this message gets a <c>process</c> span. Rebuilding state by reading history
    /// again should not add spans to traces that ended long ago.
    /// </summary>
    protected virtual bool ShouldTrace(ConsumeResult<TKey, TValue> result) => true;

    /// <summary>
    /// Messages handled before <see cref="FlushAsync"/> runs and their offsets are marked done. 1 (the
    /// default) finishes every message on its own; a handler that queues output (instead of awaiting
    /// each write) raises it and writes the queue in <see cref="FlushAsync"/>, which is far faster.
    /// </summary>
    protected virtual int MaxBatchSize => 1;

    /// <summary>Completes the work of the handled messages (e.g. waits for queued writes); must not give up.</summary>
    protected virtual ValueTask FlushAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Called when the consumer reached the end of a partition (with partition EOF events enabled).</summary>
    protected virtual void OnReachedEnd(TopicPartitionOffset end)
    {
    }

    /// <summary>
    /// How long the loop waits for a message, with none in hand, before it punctuates anyway; infinite (the
    /// default) waits for the next message.
    /// </summary>
    protected virtual TimeSpan PunctuationInterval => Timeout.InfiniteTimeSpan;

    /// <summary>
    /// Time-driven work (Kafka Streams' punctuator): called on the consume thread at the end of every batch,
    /// before <see cref="FlushAsync"/>, and when <see cref="PunctuationInterval"/> passed without a message.
    /// </summary>
    protected virtual void Punctuate()
    {
    }

    /// <summary>
    /// How long disposal waits for the loop to end. Disposing the host without stopping it (a test's host, a
    /// shutdown past its timeout) disposes the consumer next, and a librdkafka handle destroyed while its loop is in
    /// Consume or Close corrupts the native heap: the loop must be out of the consumer first.
    /// </summary>
    private static readonly TimeSpan LoopEndTimeout = TimeSpan.FromSeconds(30);

    public override void Dispose()
    {
        base.Dispose(); // cancels the stopping token
        if (ExecuteTask is { IsCompleted: false } loop && !((IAsyncResult)loop).AsyncWaitHandle.WaitOne(LoopEndTimeout))
        {
            logger.LogError("The consume loop did not end within {Timeout} of disposal; its Kafka consumer is disposed under it", LoopEndTimeout);
        }
        GC.SuppressFinalize(this);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        // Consume() blocks: the whole loop runs on a thread of its own, never on pool threads.
        Task.Factory.StartNew(() => Run(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>
    /// Finishes the batch in hand now (punctuate, flush, mark its messages done), e.g. from a partition
    /// listener before partitions are revoked. On the consume thread only.
    /// </summary>
    protected void CompleteBatch(CancellationToken cancellationToken) => Finish(force: true, cancellationToken);

    /// <summary>
    /// Forgets the handled messages of partitions that were lost, so their offsets are never stored: their
    /// new owner handles them again. On the consume thread only (a partition listener's <c>OnLost</c>).
    /// </summary>
    protected void DiscardBatch(IReadOnlySet<TopicPartition> partitions) => _handled.RemoveAll(h => partitions.Contains(h.TopicPartition));

    private void Finish(bool force, CancellationToken cancellationToken)
    {
        if (_handled.Count == 0 && !force)
        {
            return;
        }
        Punctuate();
        FlushAsync(cancellationToken).AsTask().GetAwaiter().GetResult();
        _handled.ForEach(OnCompleted);
        _handled.Clear();
    }

    private void Run(CancellationToken stoppingToken)
    {
        var punctuates = PunctuationInterval != Timeout.InfiniteTimeSpan;
        try
        {
            StartConsuming(consumer, stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                ConsumeResult<TKey, TValue>? result;
                try
                {
                    // With work in hand, take only what is already fetched; finish the batch when nothing is.
                    result = _handled.Count > 0 ? consumer.Consume(TimeSpan.Zero)
                        : punctuates ? consumer.Consume(PunctuationInterval)
                        : consumer.Consume(stoppingToken);
                }
                catch (ConsumeException ex) when (ex.Error.Code is ErrorCode.Local_KeyDeserialization or ErrorCode.Local_ValueDeserialization)
                {
                    var record = ex.ConsumerRecord;
                    DeadLetterAsync(record.TopicPartitionOffset, record.Message?.Key, record.Message?.Value,
                        record.Message?.Headers, $"Undeserializable message: {ex.Error.Reason}", stoppingToken).GetAwaiter().GetResult();
                    _handled.Add(record.TopicPartitionOffset);
                    continue;
                }
                catch (ConsumeException ex) when (!ex.Error.IsFatal)
                {
                    // E.g. a subscribed topic that does not exist yet: keep polling.
                    logger.LogWarning("Kafka consume error {Code}: {Reason}", ex.Error.Code, ex.Error.Reason);
                    continue;
                }

                if (result is null)
                {
                    Finish(force: punctuates, stoppingToken);
                    continue;
                }
                if (result.IsPartitionEOF)
                {
                    Finish(force: false, stoppingToken);
                    OnReachedEnd(result.TopicPartitionOffset);
                    continue;
                }
                ProcessAsync(result, stoppingToken).GetAwaiter().GetResult();
                _handled.Add(result.TopicPartitionOffset);
                if (_handled.Count >= MaxBatchSize)
                {
                    Finish(force: false, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            try
            {
                // Stopping (SIGTERM) too: the handled batch is completed and its offsets stored, so what this
                // instance did is committed, not done again by the next one. The host's shutdown timeout bounds it.
                Finish(force: punctuates, CancellationToken.None);
                if (GroupId is null)
                {
                    consumer.Close();
                }
                else
                {
                    ConsumerShutdown.CommitAndClose(consumer, logger);
                }
            }
            catch (KafkaException ex)
            {
                logger.LogWarning(ex, "Closing the Kafka consumer failed");
            }
        }
    }

    private async Task ProcessAsync(ConsumeResult<TKey, TValue> result, CancellationToken stoppingToken)
    {
        var tags = KafkaTelemetry.Tags(result.Topic);
        KafkaTelemetry.ReceivedMessages.Add(1, tags);
        _handlerRetry ??= KafkaRetry.ForHandler(time, logger, MaxHandlerAttempts);
        var attempts = 0;
        string deadLetterReason;
        try
        {
            await _handlerRetry.ExecuteAsync(result.TopicPartitionOffset, async cancellationToken =>
            {
                attempts++;
                var started = Stopwatch.GetTimestamp();
                // One span per attempt: a retried message shows each failure.
                using var activity = ShouldTrace(result) ? KafkaTelemetry.StartProcessActivity(result, GroupId) : null;
                try
                {
                    await HandleAsync(result, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
                    throw;
                }
                KafkaTelemetry.ProcessDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
            }, stoppingToken).ConfigureAwait(false);
            return;
        }
        catch (Exception ex) when (ex is PoisonMessageException or JsonException)
        {
            deadLetterReason = ex.Message;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is not KafkaException)
        {
            // Kafka's own errors never get here: they are retried until the service stops.
            deadLetterReason = $"Handler failed {attempts} times: {ex.GetType().Name}: {ex.Message}";
            logger.LogError(ex, "Handling {Offset} failed {Attempts} times; dead-lettering it", result.TopicPartitionOffset, attempts);
        }
        await DeadLetterAsync(result.TopicPartitionOffset, ToBytes(result.Message.Key), ToBytes(result.Message.Value),
            result.Message.Headers, deadLetterReason, stoppingToken).ConfigureAwait(false);
    }

    // The offset must not move past a message that is neither handled nor dead-lettered: retried until it is taken.
    private Task DeadLetterAsync(TopicPartitionOffset source, byte[]? key, byte[]? value, Headers? headers, string reason, CancellationToken stoppingToken) =>
        (_deadLetterRetry ??= KafkaRetry.OnKafkaErrors(time, logger, "Dead-lettering"))
            .ExecuteAsync(source, cancellationToken => new ValueTask(deadLetters.PublishAsync(source, key, value, headers, reason, GroupId, cancellationToken)),
                stoppingToken).AsTask();

    protected void Store(TopicPartitionOffset handled)
    {
        if (GroupId is null)
        {
            return;
        }
        try
        {
            // StoreOffset marks the message done; the auto-commit timer then commits it (offset + 1).
            consumer.StoreOffset(new TopicPartitionOffset(handled.TopicPartition, handled.Offset + 1));
        }
        catch (KafkaException ex) when (ex.Error.Code == ErrorCode.Local_State)
        {
            // The partition was taken away meanwhile; its new owner handles the message again.
            logger.LogWarning("Could not store offset {Offset}: partition no longer assigned", handled);
        }
    }

    private static byte[]? ToBytes<T>(T value) => value switch
    {
        null => null,
        byte[] bytes => bytes,
        string text => Encoding.UTF8.GetBytes(text),
        _ => Encoding.UTF8.GetBytes(value.ToString() ?? string.Empty),
    };
}
