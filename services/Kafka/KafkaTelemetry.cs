using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text;
using Confluent.Kafka;
using OpenTelemetry;
using OpenTelemetry.Context.Propagation;

namespace TweetPlatform.Kafka;

/// <summary>
/// Spans and metrics for Kafka, following OpenTelemetry's messaging semantic conventions, and W3C
/// trace context carried in message headers so one trace runs from the webhook to the browser.
/// </summary>
public static class KafkaTelemetry
{
    public const string ActivitySourceName = "TweetPlatform.Messaging";
    public const string MeterName = "TweetPlatform.Messaging";

    internal static readonly ActivitySource Source = new(ActivitySourceName);
    private static readonly Meter Meter = new(MeterName);

    internal static readonly Counter<long> PublishedMessages =
        Meter.CreateCounter<long>("messaging.publish.messages", "{message}", "Messages sent to Kafka.");
    internal static readonly Histogram<double> PublishDuration =
        Meter.CreateHistogram<double>("messaging.publish.duration", "s", "Time until Kafka acknowledged a message.");
    internal static readonly Counter<long> ReceivedMessages =
        Meter.CreateCounter<long>("messaging.receive.messages", "{message}", "Messages consumed from Kafka.");
    internal static readonly Histogram<double> ProcessDuration =
        Meter.CreateHistogram<double>("messaging.process.duration", "s", "Time to handle one consumed message.");
    internal static readonly Counter<long> DeadLetteredMessages =
        Meter.CreateCounter<long>("messaging.deadletter.messages", "{message}", "Messages sent to the dead-letter topic.");

    // Our own W3C propagator: message headers must carry trace context even where the OpenTelemetry
    // SDK (which sets the global default propagator) has not been initialised.
    private static readonly TextMapPropagator Propagator =
        new CompositeTextMapPropagator([new TraceContextPropagator(), new BaggagePropagator()]);

    /// <summary>Starts a producer span <c>send {topic}</c>; null when nobody listens.</summary>
    public static Activity? StartSendActivity(string topic, string? clientId)
    {
        var activity = Source.StartActivity($"send {topic}", ActivityKind.Producer);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("messaging.system", "kafka");
            activity.SetTag("messaging.operation.type", "send");
            activity.SetTag("messaging.operation.name", "send");
            activity.SetTag("messaging.destination.name", topic);
            activity.SetTag("messaging.client.id", clientId);
        }
        return activity;
    }

    /// <summary>Writes the trace context of <paramref name="context"/> into the message headers.</summary>
    public static void Inject(ActivityContext context, Headers headers)
    {
        // Replace rather than append: a re-sent message must not carry two parents.
        headers.Remove("traceparent");
        headers.Remove("tracestate");
        headers.Remove("baggage");
        Propagator.Inject(new PropagationContext(context, Baggage.Current), headers,
            static (carrier, key, value) => carrier.Add(key, Encoding.UTF8.GetBytes(value)));
    }

    /// <summary>Reads the trace context a producer put into the headers; default when absent.</summary>
    public static PropagationContext Extract(Headers? headers) =>
        headers is null
            ? default
            : Propagator.Extract(default, headers, static (carrier, key) =>
                carrier.TryGetLastBytes(key, out var bytes) ? [Encoding.UTF8.GetString(bytes)] : []);

    /// <summary>
    /// Starts a consumer span <c>process {topic}</c> whose parent is the producer's span, so the
    /// handling of a message joins the trace of the request that produced it.
    /// </summary>
    public static Activity? StartProcessActivity<TKey, TValue>(ConsumeResult<TKey, TValue> result, string? groupId)
    {
        var parent = Extract(result.Message?.Headers);
        var activity = Source.StartActivity($"process {result.Topic}", ActivityKind.Consumer, parent.ActivityContext);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("messaging.system", "kafka");
            activity.SetTag("messaging.operation.type", "process");
            activity.SetTag("messaging.operation.name", "process");
            activity.SetTag("messaging.destination.name", result.Topic);
            activity.SetTag("messaging.destination.partition.id", result.Partition.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
            activity.SetTag("messaging.kafka.offset", result.Offset.Value);
            activity.SetTag("messaging.consumer.group.name", groupId);
            if (result.Message is { Key: string key })
            {
                activity.SetTag("messaging.kafka.message.key", key);
            }
        }
        return activity;
    }

    internal static KeyValuePair<string, object?>[] Tags(string topic) =>
        [new("messaging.system", "kafka"), new("messaging.destination.name", topic)];
}
