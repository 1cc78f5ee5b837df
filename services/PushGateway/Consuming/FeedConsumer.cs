using System.Diagnostics;
using System.Diagnostics.Metrics;
using Confluent.Kafka;
using Microsoft.Extensions.Options;
using TweetPlatform.EventBus;
using TweetPlatform.PushGateway.Feed;
using TweetPlatform.PushGateway.Projection;
using TweetPlatform.PushGateway.Sse;

namespace TweetPlatform.PushGateway.Consuming;

/// <summary>
/// Reads the topics browsers see into the <see cref="LiveFeed"/>: new tweets (SSE <c>tweet</c>),
/// like counts (<c>likes</c>) and analytics findings (<c>tweet-counts</c>, <c>trending-hashtags</c>,
/// <c>top-liked</c>, <c>alert</c>) and live queries' results (<c>query-result</c>). Every instance assigns itself
/// all partitions (no consumer group), so each sees everything, and starts with the retained history a snapshot needs (see
/// <see cref="ReplayStart"/>). Re-sent tweets and re-published counts are not broadcast again.
/// </summary>
public sealed class FeedConsumer : KafkaConsumerService<string, byte[]>
{
    private readonly IConsumer<string, byte[]> _consumer;
    private readonly LiveFeed _feed;
    private readonly FeedReadiness _readiness;
    private readonly PushGatewayOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<FeedConsumer> _logger;
    private IReadOnlyList<TopicPartition> _assigned = [];
    private bool _replayEnded;

    public FeedConsumer(IConsumer<string, byte[]> consumer, DeadLetterPublisher deadLetters, LiveFeed feed,
        FeedReadiness readiness, IOptions<PushGatewayOptions> options, IMeterFactory meters, TimeProvider time,
        ILogger<FeedConsumer> logger) : base(consumer, deadLetters, time, logger)
    {
        _consumer = consumer;
        _feed = feed;
        _readiness = readiness;
        _options = options.Value;
        _time = time;
        _logger = logger;
        meters.Create(SseBroadcaster.MeterName).CreateObservableGauge("kafka.consumer.lag", ObserveLag, "{record}",
            "Records in the streamed topics not read yet by this instance.");
    }

    protected override void StartConsuming(IConsumer<string, byte[]> consumer, CancellationToken stoppingToken)
    {
        var replay = ReplayStart.Assign(consumer, _options, _time, _logger, stoppingToken);
        foreach (var (partition, start, _) in replay)
        {
            _feed.Begin(UpdateTopics.Key(partition.Topic, partition.Partition.Value), start);
        }
        _assigned = replay.Select(r => r.Partition).ToList();
        _readiness.Started(replay);
    }

    protected override ValueTask HandleAsync(ConsumeResult<string, byte[]> result, CancellationToken cancellationToken)
    {
        var createdAt = new DateTimeOffset(result.Message.Timestamp.UtcDateTime, TimeSpan.Zero);
        var change = RecordProjection.Project(result.Topic, result.Message.Value, createdAt);
        _feed.Append(UpdateTopics.Key(result.Topic, result.Partition.Value), result.Offset.Value, createdAt,
            Activity.Current?.Context ?? default, change);
        return ValueTask.CompletedTask;
    }

    // What one fetch brought is published together (see LiveFeed.Publish): a client's writer wakes and
    // flushes once per batch, not once per record, and so does the gateway relaying the stream.
    protected override int MaxBatchSize => 256;

    protected override ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        _feed.Publish();
        return ValueTask.CompletedTask;
    }

    // The replayed history is not traced: only what happens live is someone's request.
    protected override bool ShouldTrace(ConsumeResult<string, byte[]> result) => !_readiness.IsHistory(result.TopicPartitionOffset);

    /// <summary>No group, no commits: every instance reads everything, and restarts replay history.</summary>
    protected override void OnCompleted(TopicPartitionOffset message) => Reached(message.TopicPartition, message.Offset.Value + 1);

    protected override void OnReachedEnd(TopicPartitionOffset end)
    {
        _feed.Skip(UpdateTopics.Key(end.Topic, end.Partition.Value), end.Offset.Value);
        Reached(end.TopicPartition, end.Offset.Value);
    }

    private void Reached(TopicPartition partition, long nextOffset)
    {
        if (_replayEnded)
        {
            return;
        }
        _readiness.Reached(partition, nextOffset);
        if (_readiness.IsReady)
        {
            _feed.EndReplay();
            _replayEnded = true;
        }
    }

    private long ObserveLag()
    {
        long lag = 0;
        foreach (var partition in _assigned)
        {
            try
            {
                var high = _consumer.GetWatermarkOffsets(partition).High;
                var position = _consumer.Position(partition);
                if (high != Offset.Unset && position != Offset.Unset)
                {
                    lag += Math.Max(0, high.Value - position.Value);
                }
            }
            catch (KafkaException)
            {
                // Not known yet (before the first fetch): counts as no lag.
            }
        }
        return lag;
    }
}
