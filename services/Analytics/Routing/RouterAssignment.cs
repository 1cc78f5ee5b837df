using Confluent.Kafka;
using TweetPlatform.EventBus;
using TweetPlatform.Contracts;

namespace TweetPlatform.Analytics.Routing;

/// <summary>
/// Rebalance handling for the router: owned partitions are read again from the beginning to rebuild
/// <see cref="ConferenceRoutingState"/>, with the group's committed offsets as the replay boundary.
/// </summary>
public sealed class RouterAssignment(ConferenceRoutingState state, ILogger<RouterAssignment> logger) : IPartitionListener<string, byte[]>
{
    private static readonly TimeSpan CommittedTimeout = TimeSpan.FromSeconds(10);

    public IEnumerable<TopicPartitionOffset> OnAssigned(IConsumer<string, byte[]> consumer, IReadOnlyList<TopicPartition> partitions)
    {
        var committed = consumer.Committed(partitions, CommittedTimeout)
            .ToDictionary(c => c.TopicPartition, c => c.Offset == Offset.Unset ? 0 : c.Offset.Value);
        foreach (var partition in partitions.Select(p => p.Partition.Value).Distinct())
        {
            state.Own(partition,
                committed.GetValueOrDefault(new TopicPartition(Topics.Tweets, partition)),
                committed.GetValueOrDefault(new TopicPartition(Topics.LikeCounts, partition)));
        }
        logger.LogInformation("Routing partitions {Partitions}", string.Join(",", partitions.Select(p => p.Partition.Value).Distinct()));
        return partitions.Select(p => new TopicPartitionOffset(p, Offset.Beginning));
    }

    public void OnRevoked(IReadOnlyList<TopicPartitionOffset> partitions)
    {
        foreach (var partition in partitions.Select(p => p.Partition.Value).Distinct())
        {
            state.Release(partition);
        }
    }
}
