using Confluent.Kafka;
using TweetPlatform.Contracts;
using TweetPlatform.Contracts.Events;
using TweetPlatform.LikeTracking.State;
using TweetPlatform.EventBus;

namespace TweetPlatform.LikeTracking.Replicas;

/// <summary>
/// Reads the tweets and likes topics from the beginning, every partition, into this instance's
/// <see cref="TweetDirectory"/> and <see cref="LikeLedgerReplica"/>: Kafka is the source of truth, so a
/// restarted instance rebuilds them the same way.
/// </summary>
public sealed class ReplicaConsumer(
    [FromKeyedServices(ReplicaConsumer.ConsumerKey)] IConsumer<string, byte[]> consumer,
    DeadLetterPublisher deadLetters,
    EventRegistry registry,
    TweetDirectory tweets,
    LikeLedgerReplica likes,
    PartitionProgress progress,
    ReplicaState state,
    TimeProvider time,
    ILogger<ReplicaConsumer> logger)
    : EventConsumerService(consumer, deadLetters, registry, time, logger)
{
    public const string ConsumerKey = "replica";

    protected override void StartConsuming(IConsumer<string, byte[]> consumer, CancellationToken stoppingToken)
    {
        var assigned = WholeTopicAssignment.Assign(consumer, [Topics.Tweets, Topics.Likes], w => w.Low, logger, stoppingToken);
        state.Assigned(
            assigned.GroupBy(a => a.Partition.Topic).ToDictionary(g => g.Key, g => g.Count()),
            assigned.Select(a => new TopicPartitionOffset(a.Partition, a.Watermarks.High)).ToList());
    }

    protected override void Subscribe(EventSubscriptions on) => on
        .On<TweetReceived>((tweet, _) => tweets.Add(tweet.TweetId))
        .On<LikeToggled>((like, record) => likes.Apply(record.Source.Partition.Value, record.Source.Offset.Value, LikeEvents.Validate(like)));

    protected override bool ShouldTrace(ConsumeResult<string, byte[]> result) => !state.IsHistory(result.TopicPartitionOffset);

    /// <summary>The end of a partition counts as applied up to there, even where offsets have gaps.</summary>
    protected override void OnReachedEnd(TopicPartitionOffset end) =>
        progress.Advance(end.TopicPartition, end.Offset.Value);

    /// <summary>No group, no commits: progress is what like requests wait on.</summary>
    protected override void OnCompleted(TopicPartitionOffset message) =>
        progress.Advance(message.TopicPartition, message.Offset.Value + 1);
}
