using Confluent.Kafka;

namespace TweetPlatform.EventBus;

/// <summary>
/// Publishes integration events to the topic the <see cref="EventRegistry"/> gives their type, with the
/// registry's headers and trace context. A returned task completes once Kafka has acknowledged the record
/// on all in-sync replicas; it fails (<see cref="KafkaException"/>) when Kafka did not take it.
/// </summary>
public interface IEventPublisher
{
    Task<TopicPartitionOffset> PublishAsync<TEvent>(TEvent @event, string key, CancellationToken cancellationToken = default);

    /// <summary>An already serialized record for a registered topic (e.g. a batch of findings), on the partition of its key or the one given.</summary>
    Task<TopicPartitionOffset> PublishAsync(string topic, string key, byte[] value, int? partition = null, CancellationToken cancellationToken = default);
}
