using Confluent.Kafka;

namespace TweetPlatform.ServiceDefaults.Kafka;

public static class KafkaHeaders
{
    /// <summary>Fresh Kafka headers from name/value pairs (each message needs its own: the producer adds <c>traceparent</c> to them).</summary>
    public static Headers ToKafkaHeaders(this IEnumerable<(string Name, byte[] Value)> headers)
    {
        var result = new Headers();
        foreach (var (name, value) in headers)
        {
            result.Add(name, value);
        }
        return result;
    }
}
