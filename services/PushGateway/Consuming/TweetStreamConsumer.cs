using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;
using Microsoft.Extensions.Options;
using TweetPlatform.Contracts;
using TweetPlatform.Contracts.Events;
using TweetPlatform.PushGateway.Streaming;
using TweetPlatform.ServiceDefaults.Deduplication;
using TweetPlatform.ServiceDefaults.Kafka;

namespace TweetPlatform.PushGateway.Consuming;

/// <summary>
/// Reads the tweets topic and broadcasts each new tweet as an SSE <c>tweet</c> event. Every gateway
/// instance assigns itself all partitions (no consumer group), so each instance sees every tweet.
/// A tweet id seen before (a re-send) is not broadcast again.
/// </summary>
public sealed class TweetStreamConsumer(
    IConsumer<string, byte[]> consumer,
    DeadLetterPublisher deadLetters,
    SseBroadcaster broadcaster,
    TweetStreamReadiness readiness,
    IOptions<PushGatewayOptions> options,
    TimeProvider time,
    ILogger<TweetStreamConsumer> logger)
    : KafkaConsumerService<string, byte[]>(consumer, deadLetters, time, logger)
{
    public const string TweetEventType = "tweet";
    private static readonly TimeSpan MetadataTimeout = TimeSpan.FromSeconds(5);
    private readonly RecentIdSet _seen = new(options.Value.RecentTweetIdCapacity);

    protected override void StartConsuming(IConsumer<string, byte[]> consumer, CancellationToken stoppingToken)
    {
        using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var topic = admin.GetMetadata(Topics.Tweets, MetadataTimeout).Topics.SingleOrDefault(t => t.Topic == Topics.Tweets);
                if (topic is { Error.Code: ErrorCode.NoError, Partitions.Count: > 0 })
                {
                    // Start at each partition's current end, resolved now: a tweet produced after
                    // readiness is guaranteed to be delivered.
                    var start = topic.Partitions.Select(p =>
                    {
                        var partition = new TopicPartition(Topics.Tweets, p.PartitionId);
                        return new TopicPartitionOffset(partition, consumer.QueryWatermarkOffsets(partition, MetadataTimeout).High);
                    }).ToList();
                    consumer.Assign(start);
                    readiness.MarkReady();
                    logger.LogInformation("Streaming {Topic} from {Partitions} partitions", Topics.Tweets, start.Count);
                    return;
                }
                logger.LogWarning("Topic {Topic} is not available yet; waiting", Topics.Tweets);
            }
            catch (KafkaException ex)
            {
                logger.LogWarning("Cannot read metadata for {Topic}: {Reason}; retrying", Topics.Tweets, ex.Error.Reason);
            }
            stoppingToken.WaitHandle.WaitOne(TimeSpan.FromSeconds(1));
        }
    }

    protected override ValueTask HandleAsync(ConsumeResult<string, byte[]> result, CancellationToken cancellationToken)
    {
        var tweet = EventSerializer.Deserialize(result.Message.Value, EventJsonContext.Default.TweetReceived);
        if (tweet.Version != TweetReceived.CurrentVersion)
        {
            throw new PoisonMessageException($"Unsupported TweetReceived version {tweet.Version}.");
        }
        if (!_seen.Add(tweet.TweetId))
        {
            return ValueTask.CompletedTask; // A re-sent tweet: browsers have it already.
        }
        var data = EventSerializer.Serialize(tweet, EventJsonContext.Default.TweetReceived);
        var id = string.Create(CultureInfo.InvariantCulture, $"tw.{result.Partition.Value}.{result.Offset.Value}");
        broadcaster.Publish(SseFrame.Create(TweetEventType, id, data, Activity.Current?.Context ?? default));
        return ValueTask.CompletedTask;
    }
}
