using Aspire.Confluent.Kafka;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace TweetPlatform.Kafka;

/// <summary>
/// The resolved <c>kafka</c> connection with the whole configured client settings
/// (<c>Aspire:Confluent:Kafka:Producer</c> and <c>:Consumer</c>, TLS and SASL included), and the one factory
/// every Kafka client of the platform is built by: registered producers and consumers, the admin client,
/// state-restore readers and the dead-letter producer. None starts from the bootstrap address alone.
/// </summary>
public sealed class KafkaConnection(string name, KafkaProducerSettings producer, KafkaConsumerSettings consumer, ILoggerFactory? loggers = null)
{
    // What our producer defaults add that an admin client has no use for (librdkafka's admin client is a producer handle).
    private static readonly HashSet<string> ProducerOnly = new(StringComparer.Ordinal) { "acks", "enable.idempotence", "partitioner" };

    public string Name { get; } = name;

    /// <summary>A copy of the producer settings, for an admin client.</summary>
    public AdminClientConfig AdminConfig() =>
        new(producer.Config.Where(setting => !ProducerOnly.Contains(setting.Key)).ToDictionary(setting => setting.Key, setting => setting.Value));

    /// <summary>A copy of the consumer settings, without a group: the caller sets what its consumer is for.</summary>
    public ConsumerConfig ConsumerConfig() =>
        new(consumer.Config.Where(setting => setting.Key != "group.id").ToDictionary(setting => setting.Key, setting => setting.Value));

    /// <summary>A copy of the producer settings (acks=all and the idempotent producer unless configured otherwise).</summary>
    public ProducerConfig ProducerConfig() => new(producer.Config.ToDictionary(setting => setting.Key, setting => setting.Value));

    /// <summary>A producer with the connection's settings, logging, and (unless disabled) send spans and metrics.</summary>
    public IProducer<TKey, TValue> CreateProducer<TKey, TValue>(string clientName, ProducerConfig? config = null, Action<ProducerBuilder<TKey, TValue>>? configure = null)
    {
        var logger = Logger($"Kafka.Producer.{clientName}");
        var builder = new ProducerBuilder<TKey, TValue>(config ?? ProducerConfig())
            .SetLogHandler((_, message) => KafkaLogging.Log(logger, message))
            .SetErrorHandler((_, error) => KafkaLogging.Error(logger, error));
        configure?.Invoke(builder);
        return new InstrumentedProducer<TKey, TValue>(builder.Build(), !producer.DisableTracing, !producer.DisableMetrics);
    }

    /// <summary>A consumer with the given settings (start from <see cref="ConsumerConfig"/>) and logging.</summary>
    public IConsumer<TKey, TValue> CreateConsumer<TKey, TValue>(string clientName, ConsumerConfig config, Action<ConsumerBuilder<TKey, TValue>>? configure = null)
    {
        var logger = Logger($"Kafka.Consumer.{clientName}");
        var builder = new ConsumerBuilder<TKey, TValue>(config)
            .SetLogHandler((_, message) => KafkaLogging.Log(logger, message))
            .SetErrorHandler((_, error) => KafkaLogging.Error(logger, error));
        configure?.Invoke(builder);
        return builder.Build();
    }

    /// <summary>An admin client with the connection's settings.</summary>
    public IAdminClient CreateAdminClient() => new AdminClientBuilder(AdminConfig()).Build();

    private ILogger Logger(string category) =>
        loggers?.CreateLogger(category) ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
}
