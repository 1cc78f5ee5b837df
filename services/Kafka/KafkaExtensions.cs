using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace TweetPlatform.Kafka;

/// <summary>
/// Our stand-in for Aspire.Confluent.Kafka (not in our package feed): the same method names,
/// connection name and configuration keys, plus the platform's safe defaults.
/// </summary>
public static class KafkaExtensions
{
    public const string ProducerSection = "Aspire:Confluent:Kafka:Producer";
    public const string ConsumerSection = "Aspire:Confluent:Kafka:Consumer";
    private static readonly TimeSpan HealthCheckTimeout = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Registers a singleton <see cref="IProducer{TKey,TValue}"/> with tracing, metrics and a health check.
    /// Defaults (overridable in configuration): acks=all and the idempotent producer, so an
    /// acknowledged message is on every in-sync replica exactly once.
    /// </summary>
    public static IHostApplicationBuilder AddKafkaProducer<TKey, TValue>(this IHostApplicationBuilder builder, string connectionName,
        Action<KafkaProducerSettings>? configureSettings = null,
        Action<IServiceProvider, ProducerBuilder<TKey, TValue>>? configureBuilder = null)
    {
        var settings = ProducerSettings(builder.Configuration, connectionName, configureSettings);
        AddConnection(builder, connectionName, settings.Config.BootstrapServers);
        builder.Services.AddSingleton(services => services.GetRequiredService<KafkaConnection>()
            .CreateProducer<TKey, TValue>(connectionName, settings.Config, producerBuilder => configureBuilder?.Invoke(services, producerBuilder)));
        if (!settings.DisableHealthChecks)
        {
            builder.Services.AddHealthChecks().Add(new HealthCheckRegistration($"kafka-producer-{connectionName}",
                services => new KafkaHealthCheck(services.GetRequiredService<IProducer<TKey, TValue>>(), HealthCheckTimeout),
                HealthStatus.Unhealthy, ["ready"]));
        }
        return builder;
    }

    /// <summary>
    /// Registers a singleton <see cref="IConsumer{TKey,TValue}"/> with a health check. Defaults (overridable): offsets are stored by the loop only after a message
    /// was handled and then auto-committed; a new group starts at the earliest retained message.
    /// </summary>
    public static IHostApplicationBuilder AddKafkaConsumer<TKey, TValue>(this IHostApplicationBuilder builder, string connectionName,
        Action<KafkaConsumerSettings>? configureSettings = null,
        Action<IServiceProvider, ConsumerBuilder<TKey, TValue>>? configureBuilder = null) =>
        AddKafkaConsumer(builder, serviceKey: null, connectionName, configureSettings, configureBuilder);

    /// <summary>As <see cref="AddKafkaConsumer{TKey,TValue}"/>, for a service that needs several consumers: resolve it with [FromKeyedServices(key)].</summary>
    public static IHostApplicationBuilder AddKeyedKafkaConsumer<TKey, TValue>(this IHostApplicationBuilder builder, string serviceKey, string connectionName,
        Action<KafkaConsumerSettings>? configureSettings = null,
        Action<IServiceProvider, ConsumerBuilder<TKey, TValue>>? configureBuilder = null) =>
        AddKafkaConsumer(builder, (object)serviceKey, connectionName, configureSettings, configureBuilder);

    private static IHostApplicationBuilder AddKafkaConsumer<TKey, TValue>(IHostApplicationBuilder builder, object? serviceKey, string connectionName,
        Action<KafkaConsumerSettings>? configureSettings,
        Action<IServiceProvider, ConsumerBuilder<TKey, TValue>>? configureBuilder)
    {
        var settings = ConsumerSettings(builder.Configuration, connectionName, configureSettings);
        if (string.IsNullOrWhiteSpace(settings.Config.GroupId))
        {
            throw new InvalidOperationException($"No group id configured for the Kafka consumer of '{connectionName}' ({ConsumerSection}:Config:GroupId).");
        }
        AddConnection(builder, connectionName, settings.Config.BootstrapServers);

        var suffix = serviceKey is null ? "" : $"-{serviceKey}";
        IConsumer<TKey, TValue> Create(IServiceProvider services) => services.GetRequiredService<KafkaConnection>()
            .CreateConsumer<TKey, TValue>(connectionName + suffix, settings.Config, consumerBuilder => configureBuilder?.Invoke(services, consumerBuilder));
        if (serviceKey is null)
        {
            builder.Services.AddSingleton(Create);
        }
        else
        {
            builder.Services.AddKeyedSingleton(serviceKey, (services, _) => Create(services));
        }
        if (!settings.DisableHealthChecks)
        {
            builder.Services.AddHealthChecks().Add(new HealthCheckRegistration($"kafka-consumer-{connectionName}{suffix}",
                services => new KafkaHealthCheck(serviceKey is null
                    ? services.GetRequiredService<IConsumer<TKey, TValue>>()
                    : services.GetRequiredKeyedService<IConsumer<TKey, TValue>>(serviceKey), HealthCheckTimeout),
                HealthStatus.Unhealthy, ["ready"]));
        }

        return builder;
    }

    /// <summary>Creates the given topics at start-up where they are missing (<see cref="KafkaTopicProvisioner"/>).</summary>
    public static IHostApplicationBuilder AddKafkaTopics(this IHostApplicationBuilder builder,
        IEnumerable<(string Name, int Partitions, IReadOnlyDictionary<string, string>? Config)> topics)
    {
        var list = topics.ToList();
        builder.Services.AddOptions<KafkaTopicProvisioningOptions>()
            .BindConfiguration(KafkaTopicProvisioningOptions.SectionName)
            .Configure(options => options.Topics.AddRange(list.Where(t => !options.Topics.Contains(t))));
        builder.Services.AddHostedService<KafkaTopicProvisioner>();
        return builder;
    }

    private static KafkaConsumerSettings ConsumerSettings(IConfiguration configuration, string connectionName, Action<KafkaConsumerSettings>? configure)
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

    private static KafkaProducerSettings ProducerSettings(IConfiguration configuration, string connectionName, Action<KafkaProducerSettings>? configure)
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

    private static void AddConnection(IHostApplicationBuilder builder, string connectionName, string? bootstrapServers)
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
}
