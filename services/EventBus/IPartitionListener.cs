using Confluent.Kafka;

namespace TweetPlatform.EventBus;

/// <summary>
/// What a consumer group member does when partitions move (Kafka's ConsumerRebalanceListener). Called on the
/// consume loop's thread, inside its Consume call, so no handler runs meanwhile.
/// </summary>
public interface IPartitionListener<TKey, TValue>
{
    /// <summary>Partitions were given to this member: rebuild what they need; returns where each starts (Offset.Unset: the committed offset).</summary>
    IEnumerable<TopicPartitionOffset> OnAssigned(IConsumer<TKey, TValue> consumer, IReadOnlyList<TopicPartition> partitions);

    /// <summary>Partitions are being taken away in order: finish their work now, before their new owner starts.</summary>
    void OnRevoked(IReadOnlyList<TopicPartitionOffset> partitions);

    /// <summary>
    /// Partitions were taken away without a revoke (e.g. a session timeout): a new owner may already be working
    /// on them, so nothing of theirs may be written from here. By default, as revoked.
    /// </summary>
    void OnLost(IReadOnlyList<TopicPartitionOffset> partitions) => OnRevoked(partitions);
}
