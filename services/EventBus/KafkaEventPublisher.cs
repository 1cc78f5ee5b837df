using Confluent.Kafka;

namespace TweetPlatform.EventBus;

/// <summary>The <see cref="IEventPublisher"/> over the service's Kafka producer (acks=all, idempotent, traced).</summary>
public sealed class KafkaEventPublisher(IProducer<string, byte[]> producer, EventRegistry registry) : IEventPublisher
{
    public Task<TopicPartitionOffset> PublishAsync<TEvent>(TEvent @event, string key, CancellationToken cancellationToken = default)
    {
        var registration = registry.For<TEvent>();
        return Produce(new TopicPartition(registration.Topic, Partition.Any), registration, key, registration.Serialize(@event), cancellationToken);
    }

    public Task<TopicPartitionOffset> PublishAsync(string topic, string key, byte[] value, int? partition = null, CancellationToken cancellationToken = default) =>
        Produce(new TopicPartition(topic, partition is { } p ? new Partition(p) : Partition.Any), registry.ForTopic(topic), key, value, cancellationToken);

    private async Task<TopicPartitionOffset> Produce(TopicPartition destination, EventRegistration registration, string key, byte[] value,
        CancellationToken cancellationToken)
    {
        var message = new Message<string, byte[]> { Key = key, Value = value, Headers = registration.Headers() };
        var result = await producer.ProduceAsync(destination, message, cancellationToken).ConfigureAwait(false);
        return result.TopicPartitionOffset;
    }
}
