using Aspire.Confluent.Kafka;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using TweetPlatform.Kafka;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Our stand-in for Aspire.Confluent.Kafka's producer registration (the package is not in our feed): its class,
/// namespace, method, connection name and configuration keys, so swapping in the package changes no call site;
/// plus the platform's safe defaults.
/// </summary>
public static class AspireKafkaProducerExtensions
{
    /// <summary>
    /// Registers a singleton <see cref="IProducer{TKey,TValue}"/> with tracing, metrics and a health check.
    /// Defaults (overridable in configuration): acks=all and the idempotent producer.
    /// </summary>
    public static void AddKafkaProducer<TKey, TValue>(this IHostApplicationBuilder builder, string connectionName,
        Action<KafkaProducerSettings>? configureSettings = null,
        Action<IServiceProvider, ProducerBuilder<TKey, TValue>>? configureBuilder = null)
    {
        var settings = KafkaClientRegistration.ProducerSettings(builder.Configuration, connectionName, configureSettings);
        KafkaClientRegistration.AddConnection(builder, connectionName, settings.Config.BootstrapServers);
        builder.Services.AddSingleton(services => services.GetRequiredService<KafkaConnection>()
            .CreateProducer<TKey, TValue>(connectionName, settings.Config, producerBuilder => configureBuilder?.Invoke(services, producerBuilder)));
        if (!settings.DisableHealthChecks)
        {
            builder.Services.AddHealthChecks().Add(new HealthCheckRegistration($"kafka-producer-{connectionName}",
                services => new KafkaHealthCheck(services.GetRequiredService<IProducer<TKey, TValue>>(), KafkaClientRegistration.HealthCheckTimeout),
                HealthStatus.Unhealthy, ["ready"]));
        }
    }
}
