using Confluent.Kafka;

namespace TweetPlatform.ServiceDefaults.Kafka;

/// <summary>
/// The resolved <c>kafka</c> connection with the whole configured client settings
/// (<c>Aspire:Confluent:Kafka:Producer</c> and <c>:Consumer</c>, TLS and SASL included). The clients the platform
/// builds itself (admin, state restore) start from these, never from the bootstrap address alone.
/// </summary>
public sealed class KafkaConnection(string name, ProducerConfig producer, ConsumerConfig consumer)
{
    // What our producer defaults add that an admin client has no use for (librdkafka's admin client is a producer handle).
    private static readonly HashSet<string> ProducerOnly = new(StringComparer.Ordinal) { "acks", "enable.idempotence", "partitioner" };

    public string Name { get; } = name;

    /// <summary>A copy of the producer settings, for an admin client.</summary>
    public AdminClientConfig AdminConfig() =>
        new(producer.Where(setting => !ProducerOnly.Contains(setting.Key)).ToDictionary(setting => setting.Key, setting => setting.Value));

    /// <summary>A copy of the consumer settings, without a group: the caller sets what its consumer is for.</summary>
    public ConsumerConfig ConsumerConfig() =>
        new(consumer.Where(setting => setting.Key != "group.id").ToDictionary(setting => setting.Key, setting => setting.Value));
}
