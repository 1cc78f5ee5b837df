using Confluent.Kafka;
using TweetPlatform.Contracts;
using TweetPlatform.LikeTracking.State;
using TweetPlatform.ServiceDefaults.Kafka;

namespace TweetPlatform.LikeTracking.Replicas;

/// <summary>
/// Reads the tweets and likes topics from the beginning, every partition, into this instance's
/// <see cref="TweetDirectory"/> and <see cref="LikeLedgerReplica"/>: Kafka is the source of truth, so a
/// restarted instance rebuilds them the same way.
/// </summary>
public sealed class ReplicaConsumer(
    [FromKeyedServices(ReplicaConsumer.ConsumerKey)] IConsumer<string, byte[]> consumer,
    DeadLetterPublisher deadLetters,
    TweetDirectory tweets,
    LikeLedgerReplica likes,
    PartitionProgress progress,
    ReplicaState state,
    TimeProvider time,
    ILogger<ReplicaConsumer> logger)
    : KafkaConsumerService<string, byte[]>(consumer, deadLetters, time, logger)
{
    public const string ConsumerKey = "replica";

    protected override void StartConsuming(IConsumer<string, byte[]> consumer, CancellationToken stoppingToken)
    {
        var assigned = WholeTopicAssignment.Assign(consumer, [Topics.Tweets, Topics.Likes], w => w.Low, logger, stoppingToken);
        state.Assigned(
            assigned.GroupBy(a => a.Partition.Topic).ToDictionary(g => g.Key, g => g.Count()),
            assigned.Select(a => new TopicPartitionOffset(a.Partition, a.Watermarks.High)).ToList());
    }

    protected override ValueTask HandleAsync(ConsumeResult<string, byte[]> result, CancellationToken cancellationToken)
    {
        if (result.Topic == Topics.Tweets)
        {
            var tweet = EventSerializer.Deserialize(result.Message.Value, EventJsonContext.Default.TweetReceived);
            tweets.Add(tweet.TweetId);
        }
        else
        {
            var like = LikeEvents.Read(result.Message.Value);
            likes.Apply(result.Partition.Value, result.Offset.Value, like);
        }
        return ValueTask.CompletedTask;
    }

    protected override bool ShouldTrace(ConsumeResult<string, byte[]> result) => !state.IsHistory(result.TopicPartitionOffset);

    /// <summary>The end of a partition counts as applied up to there, even where offsets have gaps.</summary>
    protected override void OnReachedEnd(TopicPartitionOffset end) =>
        progress.Advance(end.TopicPartition, end.Offset.Value);

    /// <summary>No group, no commits: progress is what like requests wait on.</summary>
    protected override void OnCompleted(TopicPartitionOffset message) =>
        progress.Advance(message.TopicPartition, message.Offset.Value + 1);
}
