using System.Diagnostics;
using System.Text.Json;
using Confluent.Kafka;
using Microsoft.Extensions.Options;
using TweetPlatform.Analytics.Streams;
using TweetPlatform.Contracts;
using TweetPlatform.Contracts.Events;
using TweetPlatform.ServiceDefaults.Kafka;

namespace TweetPlatform.Analytics.Processing;

/// <summary>
/// Stage two of analytics (group <c>analytics</c>): applies conference activity to the tasks of the
/// partitions this instance owns, in batches. A batch is finished by writing, in this order, the
/// findings to their topics and the tasks' state changes to the changelog, waiting for Kafka to
/// acknowledge all of it, and only then storing the input offsets for commit. Findings are rate
/// limited per topic and key: the latest held one is sent when its interval has passed.
/// </summary>
public sealed class ConferenceAnalyticsProcessor(
    [FromKeyedServices(ConferenceAnalyticsProcessor.ConsumerKey)] IConsumer<string, byte[]> consumer,
    IProducer<string, byte[]> producer,
    AnalyticsTasks tasks,
    DeadLetterPublisher deadLetters,
    IOptions<AnalyticsOptions> options,
    TimeProvider time,
    ILogger<ConferenceAnalyticsProcessor> logger) : BackgroundService
{
    public const string ConsumerKey = "analytics";
    public const string Group = ConsumerGroups.Analytics;
    private static readonly ActivitySource Source = new("TweetPlatform.Analytics");

    private readonly EmitRateLimiter<(int Partition, string Topic, string Key), Finding> _emits = new(options.Value.EmitInterval, time);
    private readonly Dictionary<TopicPartition, long> _batchOffsets = [];
    private readonly List<(int Partition, Finding Finding)> _batchFindings = [];
    private int _batchMessages;
    private readonly Polly.ResiliencePipeline _writeRetry = KafkaRetry.OnKafkaErrors(time, logger, "Writing analytics state and findings");

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => Run(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>Called by the consumer when partitions are taken away: their work so far is written out first.</summary>
    public void OnRevoked(IReadOnlyList<TopicPartitionOffset> partitions)
    {
        // Held-back updates go out now: sent later, they could overwrite the new owner's newer ones.
        _batchFindings.AddRange(_emits.Flush().Select(held => (held.Key.Partition, held.Value)));
        FlushBatch(CancellationToken.None);
        tasks.Release(partitions.Select(p => p.Partition.Value));
    }

    /// <summary>
    /// Called by the consumer when partitions were taken away without a revoke (e.g. a session timeout):
    /// a new owner may already be writing newer findings and state, so nothing of theirs is written from here.
    /// </summary>
    public void OnLost(IReadOnlyList<TopicPartitionOffset> partitions)
    {
        var lost = partitions.Select(p => p.Partition.Value).ToHashSet();
        _emits.Discard(key => lost.Contains(key.Partition));
        _batchFindings.RemoveAll(f => lost.Contains(f.Partition));
        foreach (var offset in _batchOffsets.Keys.Where(p => lost.Contains(p.Partition.Value)).ToList())
        {
            _batchOffsets.Remove(offset);
        }
        tasks.Release(lost); // their unwritten state changes go with them
    }

    /// <summary>Called by the consumer once assigned partitions are restored: their current findings are published.</summary>
    public void OnAssigned(IEnumerable<int> partitions)
    {
        foreach (var partition in partitions)
        {
            _batchFindings.AddRange((tasks.For(partition)?.CurrentFindings() ?? []).Select(f => (partition, f)));
        }
    }

    private void Run(CancellationToken stoppingToken)
    {
        try
        {
            consumer.Subscribe(Topics.ConferenceActivity);
            while (!stoppingToken.IsCancellationRequested)
            {
                var batchStarted = time.GetTimestamp();
                while (_batchMessages < options.Value.MaxBatchSize && time.GetElapsedTime(batchStarted) < TimeSpan.FromMilliseconds(50))
                {
                    var result = ConsumeOne(_batchMessages == 0 ? TimeSpan.FromMilliseconds(50) : TimeSpan.FromMilliseconds(1));
                    if (result is null)
                    {
                        break;
                    }
                    Apply(result, stoppingToken);
                }
                _batchFindings.AddRange(_emits.DueUpdates().Select(due => (due.Key.Partition, due.Value)));
                FlushBatch(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            try
            {
                FlushBatch(CancellationToken.None);
                ConsumerShutdown.CommitAndClose(consumer, logger);
            }
            catch (KafkaException ex)
            {
                logger.LogWarning(ex, "Closing the analytics consumer failed");
            }
        }
    }

    private ConsumeResult<string, byte[]>? ConsumeOne(TimeSpan timeout)
    {
        try
        {
            return consumer.Consume(timeout);
        }
        catch (ConsumeException ex) when (!ex.Error.IsFatal)
        {
            logger.LogWarning("Kafka consume error {Code}: {Reason}", ex.Error.Code, ex.Error.Reason);
            return null;
        }
    }

    private void Apply(ConsumeResult<string, byte[]> result, CancellationToken stoppingToken)
    {
        _batchOffsets[result.TopicPartition] = result.Offset.Value;
        _batchMessages++;
        var task = tasks.For(result.Partition.Value);
        if (task is null)
        {
            return;
        }
        using var activity = KafkaTelemetry.StartProcessActivity(result, Group);
        ConferenceActivity input;
        try
        {
            input = EventSerializer.Deserialize(result.Message.Value, EventJsonContext.Default.ConferenceActivity, ConferenceActivity.CurrentVersion);
        }
        catch (JsonException ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            deadLetters.PublishAsync(result.TopicPartitionOffset, System.Text.Encoding.UTF8.GetBytes(result.Message.Key ?? ""), result.Message.Value,
                result.Message.Headers, ex.Message, Group, stoppingToken).GetAwaiter().GetResult();
            return;
        }
        foreach (var finding in task.Apply(input, result.Offset.Value, activity?.Context ?? default))
        {
            if (finding.SupersededBy is null || _emits.TryEmit((task.Partition, finding.Topic, finding.SupersededBy), finding))
            {
                _batchFindings.Add((task.Partition, finding));
            }
        }
    }

    /// <summary>State first, then findings, then offsets; retried until Kafka has taken all of it.</summary>
    private void FlushBatch(CancellationToken stoppingToken)
    {
        var changelog = tasks.All.SelectMany(task => task.TakeChanges().Select(change => (task.Partition, change.Key, change.Value))).ToList();
        if (changelog.Count == 0 && _batchFindings.Count == 0 && _batchOffsets.Count == 0)
        {
            return;
        }
        // Never move the offsets past state or findings Kafka has not stored: written again until all are taken.
        _writeRetry.Execute(token =>
        {
            // Findings before state: a crash in between repeats a finding (consumers can drop the
            // repeat) rather than losing one whose state says it was sent.
            Task.WhenAll(_batchFindings.Select(f => Publish(f.Finding))).GetAwaiter().GetResult();
            Task.WhenAll(changelog.Select(c => producer.ProduceAsync(new TopicPartition(Topics.AnalyticsChangelog, c.Partition),
                new Message<string, byte[]> { Key = c.Key, Value = c.Value!, Headers = EventHeaders.Of(Topics.AnalyticsChangelog).ToKafkaHeaders() },
                token))).GetAwaiter().GetResult();
        }, stoppingToken);
        foreach (var (partition, offset) in _batchOffsets)
        {
            try
            {
                consumer.StoreOffset(new TopicPartitionOffset(partition, offset + 1));
            }
            catch (KafkaException ex) when (ex.Error.Code == ErrorCode.Local_State)
            {
                logger.LogWarning("Partition {Partition} no longer assigned; its new owner restores from the changelog", partition);
            }
        }
        _batchOffsets.Clear();
        _batchFindings.Clear();
        _batchMessages = 0;
    }

    private Task Publish(Finding finding)
    {
        // The send span becomes a child of the input that caused the finding.
        using var emit = Source.StartActivity($"emit {finding.Topic}", ActivityKind.Internal, finding.Cause);
        return producer.ProduceAsync(finding.Topic, new Message<string, byte[]>
        {
            Key = finding.Key,
            Value = finding.Value,
            Headers = EventHeaders.Of(finding.Topic).ToKafkaHeaders(),
        });
    }
}
