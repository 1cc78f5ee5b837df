using Aspire.Confluent.Kafka;
using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace TweetPlatform.Kafka;

/// <summary>
/// What the producer and consumer registrations share: the settings read from configuration with the platform's
/// safe defaults, and the one <see cref="KafkaConnection"/> per connection name that builds every client.
/// </summary>
internal static class KafkaClientRegistration
{
    public const string ProducerSection = "Aspire:Confluent:Kafka:Producer";
    public const string ConsumerSection = "Aspire:Confluent:Kafka:Consumer";
    public static readonly TimeSpan HealthCheckTimeout = TimeSpan.FromSeconds(3);

    /// <summary>Offsets are stored by the loop only after a message was handled, then auto-committed; a new group starts at the earliest retained message.</summary>
    public static KafkaConsumerSettings ConsumerSettings(IConfiguration configuration, string connectionName, Action<KafkaConsumerSettings>? configure)
    {
        var settings = new KafkaConsumerSettings();
        settings.Config.EnableAutoCommit = true;
        settings.Config.EnableAutoOffsetStore = false;
        settings.Config.AutoOffsetReset = AutoOffsetReset.Earliest;
        Bind(configuration.GetSection(ConsumerSection), settings, settings.Config);
        settings.ConnectionString = Connect(configuration, connectionName, settings.ConnectionString, settings.Config);
        configure?.Invoke(settings);
        return settings;
    }

    /// <summary>acks=all and the idempotent producer: an acknowledged message is on every in-sync replica exactly once.</summary>
    public static KafkaProducerSettings ProducerSettings(IConfiguration configuration, string connectionName, Action<KafkaProducerSettings>? configure)
    {
        var settings = new KafkaProducerSettings();
        settings.Config.Acks = Acks.All;
        settings.Config.EnableIdempotence = true;
        // Java clients' partitioner: a key lands on the same partition whichever client produced it,
        // which keeps topics keyed by tweet id co-partitioned.
        settings.Config.Partitioner = Partitioner.Murmur2Random;
        Bind(configuration.GetSection(ProducerSection), settings, settings.Config);
        settings.ConnectionString = Connect(configuration, connectionName, settings.ConnectionString, settings.Config);
        configure?.Invoke(settings);
        return settings;
    }

    public static void AddConnection(IHostApplicationBuilder builder, string connectionName, string? bootstrapServers)
    {
        if (string.IsNullOrWhiteSpace(bootstrapServers))
        {
            throw new InvalidOperationException(
                $"Kafka connection '{connectionName}' is not configured: set ConnectionStrings:{connectionName} (e.g. ConnectionStrings__{connectionName}=localhost:9092).");
        }
        // The connection's own settings, without what one client's registration adds (a group, its callbacks).
        var producer = ProducerSettings(builder.Configuration, connectionName, configure: null);
        var consumer = ConsumerSettings(builder.Configuration, connectionName, configure: null);
        builder.Services.TryAddSingleton(services => new KafkaConnection(connectionName, producer, consumer, services.GetRequiredService<ILoggerFactory>()));
        // As the Aspire client integrations do: the client adds its own spans and metrics to OpenTelemetry.
        builder.Services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddSource(KafkaTelemetry.ActivitySourceName))
            .WithMetrics(metrics => metrics.AddMeter(KafkaTelemetry.MeterName));
    }

    /// <summary>The connection string (ConnectionStrings:{name}, else the bound one), which when set is the bootstrap address.</summary>
    private static string? Connect(IConfiguration configuration, string connectionName, string? bound, ClientConfig config)
    {
        var connectionString = configuration.GetConnectionString(connectionName) ?? bound;
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            config.BootstrapServers = connectionString;
        }
        return connectionString;
    }

    private static void Bind(IConfigurationSection section, object settings, ClientConfig config)
    {
        // The Config sub-section goes through our binder so raw librdkafka keys are honoured.
        section.Bind(settings, options => options.ErrorOnUnknownConfiguration = false);
        KafkaConfigBinder.Bind(section.GetSection("Config"), config);
    }
}
