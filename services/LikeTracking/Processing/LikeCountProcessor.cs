using System.Text.Json;
using Confluent.Kafka;
using TweetPlatform.Contracts;
using TweetPlatform.Contracts.Events;
using TweetPlatform.LikeTracking.Publishing;
using TweetPlatform.LikeTracking.State;
using TweetPlatform.ServiceDefaults.Kafka;

namespace TweetPlatform.LikeTracking.Processing;

/// <summary>
/// Consumes the likes topic in the <c>like-tracking</c> group (instances split the partitions) and
/// publishes the tweet's new count to the counts topic whenever a like or unlike changed it. The
/// offset is committed only after the count is stored in Kafka.
/// </summary>
public sealed class LikeCountProcessor(
    [FromKeyedServices(LikeCountProcessor.ConsumerKey)] IConsumer<string, byte[]> consumer,
    DeadLetterPublisher deadLetters,
    LikeCountPartitions partitions,
    LikePublisher publisher,
    TimeProvider time,
    ILogger<LikeCountProcessor> logger)
    : KafkaConsumerService<string, byte[]>(consumer, deadLetters, time, logger)
{
    public const string ConsumerKey = "counts";
    public const string Group = ConsumerGroups.LikeTracking;

    protected override string? GroupId => Group;

    protected override void StartConsuming(IConsumer<string, byte[]> consumer, CancellationToken stoppingToken) =>
        consumer.Subscribe(Topics.Likes);

    protected override async ValueTask HandleAsync(ConsumeResult<string, byte[]> result, CancellationToken cancellationToken)
    {
        var partition = result.Partition.Value;
        if (partitions.IsReplay(partition, result.Offset.Value))
        {
            try
            {
                partitions.Apply(partition, result.Offset.Value, LikeEvents.Read(result.Message.Value));
            }
            catch (Exception ex) when (ex is PoisonMessageException or JsonException)
            {
                // Dead-lettered when it was first consumed.
            }
            return;
        }

        var outcome = partitions.Apply(partition, result.Offset.Value, LikeEvents.Read(result.Message.Value));
        if (outcome is not { Changed: true })
        {
            return;
        }
        await publisher.PublishCountAsync(new LikeCountChanged
        {
            TweetId = outcome.TweetId,
            Count = outcome.Count,
            LikesPartition = partition,
            LikesOffset = result.Offset.Value,
            ChangedAt = Time.GetUtcNow(),
        }, cancellationToken);
    }

    protected override bool ShouldTrace(ConsumeResult<string, byte[]> result) =>
        !partitions.IsReplay(result.Partition.Value, result.Offset.Value);

    /// <summary>Replayed messages were committed before: storing their offsets would move the commit back.</summary>
    protected override void OnCompleted(TopicPartitionOffset message)
    {
        if (!partitions.IsReplay(message.Partition.Value, message.Offset.Value))
        {
            base.OnCompleted(message);
        }
    }
}
