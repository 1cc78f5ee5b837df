using Confluent.Kafka;

namespace Aspire.Confluent.Kafka;

/// <summary>
/// Mirrors Aspire.Confluent.Kafka's consumer settings, bound from <c>Aspire:Confluent:Kafka:Consumer</c>;
/// the <c>kafka</c> connection string, when present, sets <see cref="ClientConfig.BootstrapServers"/>.
/// </summary>
public sealed class KafkaConsumerSettings
{
    public string? ConnectionString { get; set; }
    public ConsumerConfig Config { get; set; } = new();
    public bool DisableHealthChecks { get; set; }
    public bool DisableTracing { get; set; }
    public bool DisableMetrics { get; set; }
}
