using Aspire.Confluent.Kafka;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using TweetPlatform.Kafka;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Our stand-in for Aspire.Confluent.Kafka's consumer registration (the package is not in our feed): its class,
/// namespace, methods, connection name and configuration keys; plus the platform's safe defaults. One difference:
/// our keyed consumer takes its key apart from its connection name, so several consumers share one connection.
/// </summary>
public static class AspireKafkaConsumerExtensions
{
    /// <summary>
    /// Registers a singleton <see cref="IConsumer{TKey,TValue}"/> with a health check. Defaults (overridable): offsets are
    /// stored by the loop only after a message was handled and then auto-committed; a new group starts at the earliest
    /// retained message.
    /// </summary>
    public static void AddKafkaConsumer<TKey, TValue>(this IHostApplicationBuilder builder, string connectionName,
        Action<KafkaConsumerSettings>? configureSettings = null,
        Action<IServiceProvider, ConsumerBuilder<TKey, TValue>>? configureBuilder = null) =>
        AddKafkaConsumer(builder, serviceKey: null, connectionName, configureSettings, configureBuilder);

    /// <summary>As <see cref="AddKafkaConsumer{TKey,TValue}"/>, for a service that needs several consumers: resolve it with [FromKeyedServices(key)].</summary>
    public static void AddKeyedKafkaConsumer<TKey, TValue>(this IHostApplicationBuilder builder, string serviceKey, string connectionName,
        Action<KafkaConsumerSettings>? configureSettings = null,
        Action<IServiceProvider, ConsumerBuilder<TKey, TValue>>? configureBuilder = null) =>
        AddKafkaConsumer(builder, (object)serviceKey, connectionName, configureSettings, configureBuilder);

    private static void AddKafkaConsumer<TKey, TValue>(IHostApplicationBuilder builder, object? serviceKey, string connectionName,
        Action<KafkaConsumerSettings>? configureSettings,
        Action<IServiceProvider, ConsumerBuilder<TKey, TValue>>? configureBuilder)
    {
        var settings = KafkaClientRegistration.ConsumerSettings(builder.Configuration, connectionName, configureSettings);
        if (string.IsNullOrWhiteSpace(settings.Config.GroupId))
        {
            throw new InvalidOperationException(
                $"No group id configured for the Kafka consumer of '{connectionName}' ({KafkaClientRegistration.ConsumerSection}:Config:GroupId).");
        }
        KafkaClientRegistration.AddConnection(builder, connectionName, settings.Config.BootstrapServers);

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
                    : services.GetRequiredKeyedService<IConsumer<TKey, TValue>>(serviceKey), KafkaClientRegistration.HealthCheckTimeout),
                HealthStatus.Unhealthy, ["ready"]));
        }
    }
}
