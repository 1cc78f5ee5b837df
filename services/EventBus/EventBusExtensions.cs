using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TweetPlatform.Kafka;

namespace TweetPlatform.EventBus;

public static class EventBusExtensions
{
    /// <summary>
    /// The messaging layer over a Kafka connection registered with <c>AddKafkaProducer</c> / <c>AddKafkaConsumer</c>:
    /// the event registry, the <see cref="IEventPublisher"/> (over the service's <c>IProducer&lt;string, byte[]&gt;</c>)
    /// and the dead-letter publisher every consume loop uses (its own raw-bytes producer, built by the connection).
    /// </summary>
    public static IHostApplicationBuilder AddKafkaEventBus(this IHostApplicationBuilder builder, EventRegistry registry)
    {
        builder.Services.TryAddSingleton(registry);
        // Resolved only by services that publish, which register the producer it writes with.
        builder.Services.TryAddSingleton<IEventPublisher>(services =>
            new KafkaEventPublisher(services.GetRequiredService<Confluent.Kafka.IProducer<string, byte[]>>(), registry));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddOptions<DeadLetterOptions>()
            .BindConfiguration(DeadLetterOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.TryAddSingleton(services =>
        {
            var connection = services.GetRequiredService<KafkaConnection>();
            return new DeadLetterPublisher(new Lazy<Confluent.Kafka.IProducer<byte[]?, byte[]?>>(() => connection.CreateProducer<byte[]?, byte[]?>("deadletter")),
                services.GetRequiredService<IOptions<DeadLetterOptions>>(), services.GetRequiredService<ILogger<DeadLetterPublisher>>());
        });
        return builder;
    }
}
