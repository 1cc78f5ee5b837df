using Confluent.Kafka;

namespace Aspire.Confluent.Kafka;

/// <summary>
/// Mirrors Aspire.Confluent.Kafka's producer settings, bound from <c>Aspire:Confluent:Kafka:Producer</c>;
/// the <c>kafka</c> connection string, when present, sets <see cref="ClientConfig.BootstrapServers"/>.
/// </summary>
public sealed class KafkaProducerSettings
{
    public string? ConnectionString { get; set; }
    public ProducerConfig Config { get; set; } = new();
    public bool DisableHealthChecks { get; set; }
    public bool DisableTracing { get; set; }
    public bool DisableMetrics { get; set; }
}
