using System.Text.Json;
using Confluent.Kafka;
using TweetPlatform.Contracts;
using TweetPlatform.Contracts.Events;
using TweetPlatform.LikeTracking.Publishing;
using TweetPlatform.LikeTracking.State;
using TweetPlatform.EventBus;

namespace TweetPlatform.LikeTracking.Processing;

/// <summary>
/// Consumes the likes topic in the <c>like-tracking</c> group (instances split the partitions) and
/// publishes the tweet's new count to the counts topic whenever a like or unlike changed it. The
/// offset is committed only after the count is stored in Kafka.
/// </summary>
public sealed class LikeCountProcessor(
    [FromKeyedServices(LikeCountProcessor.ConsumerKey)] IConsumer<string, byte[]> consumer,
    DeadLetterPublisher deadLetters,
    EventRegistry registry,
    LikeCountPartitions partitions,
    LikePublisher publisher,
    TimeProvider time,
    ILogger<LikeCountProcessor> logger)
    : EventConsumerService(consumer, deadLetters, registry, time, logger)
{
    public const string ConsumerKey = "counts";
    public const string Group = ConsumerGroups.LikeTracking;

    protected override string? GroupId => Group;

    protected override void Subscribe(EventSubscriptions on) => on.On<LikeToggled>(CountAsync);

    private async ValueTask CountAsync(LikeToggled like, EventContext record, CancellationToken cancellationToken)
    {
        var (partition, offset) = (record.Source.Partition.Value, record.Source.Offset.Value);
        var outcome = partitions.Apply(partition, offset, LikeEvents.Validate(like));
        if (partitions.IsReplay(partition, offset) || outcome is not { Changed: true })
        {
            return; // Replayed history only rebuilds the counts: its changes were published before.
        }
        await publisher.PublishCountAsync(new LikeCountChanged
        {
            TweetId = outcome.TweetId,
            Count = outcome.Count,
            LikesPartition = partition,
            LikesOffset = offset,
            ChangedAt = Time.GetUtcNow(),
        }, cancellationToken);
    }

    // Replayed history: its poison records were dead-lettered when first consumed.
    protected override bool SkipsUnreadable(ConsumeResult<string, byte[]> result) =>
        partitions.IsReplay(result.Partition.Value, result.Offset.Value);

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
