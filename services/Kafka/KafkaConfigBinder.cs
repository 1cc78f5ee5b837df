using Confluent.Kafka;
using Microsoft.Extensions.Configuration;

namespace TweetPlatform.Kafka;

/// <summary>
/// Binds a <c>Config</c> configuration section onto a Confluent client config. Typed property names
/// (<c>Acks</c>, <c>LingerMs</c>) go through the configuration binder; raw librdkafka keys
/// (<c>fetch.wait.max.ms</c>) are passed through as they are, so every librdkafka setting is reachable.
/// </summary>
internal static class KafkaConfigBinder
{
    public static void Bind(IConfigurationSection section, ClientConfig config)
    {
        section.Bind(config);
        foreach (var child in section.GetChildren())
        {
            if (child.Key.Contains('.') && child.Value is not null)
            {
                config.Set(child.Key, child.Value);
            }
        }
    }
}
