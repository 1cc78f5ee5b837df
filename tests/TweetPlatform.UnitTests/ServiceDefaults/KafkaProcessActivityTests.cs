using System.Diagnostics;
using Confluent.Kafka;
using TweetPlatform.EventBus;
using TweetPlatform.Kafka;

namespace TweetPlatform.UnitTests.ServiceDefaults;

/// <summary>The consumer span of a message joins the trace the producer put into its headers.</summary>
public sealed class KafkaProcessActivityTests : IDisposable
{
    private readonly ActivityListener _listener = new()
    {
        ShouldListenTo = source => source.Name == KafkaTelemetry.ActivitySourceName,
        Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
    };

    public KafkaProcessActivityTests()
    {
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose() => _listener.Dispose();

    private static ConsumeResult<string, byte[]> Consumed(Headers headers) => new()
    {
        Topic = "tweets.v1",
        Partition = new Partition(3),
        Offset = new Offset(42),
        Message = new Message<string, byte[]> { Key = "tweet-1", Value = [], Headers = headers },
    };

    [Fact]
    public void Process_activity_is_a_consumer_span_child_of_the_injected_context()
    {
        var producer = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        var headers = new Headers();
        KafkaTelemetry.Inject(producer, headers);

        using var activity = KafkaTelemetry.StartProcessActivity(Consumed(headers), "push-gateway");

        Assert.NotNull(activity);
        Assert.Equal(producer.TraceId, activity.TraceId);
        Assert.Equal(producer.SpanId, activity.ParentSpanId);
        Assert.Equal(ActivityKind.Consumer, activity.Kind);
        Assert.Equal("process tweets.v1", activity.DisplayName);
        Assert.Equal("tweets.v1", activity.GetTagItem("messaging.destination.name"));
        Assert.Equal("3", activity.GetTagItem("messaging.destination.partition.id"));
        Assert.Equal(42L, activity.GetTagItem("messaging.kafka.offset"));
        Assert.Equal("push-gateway", activity.GetTagItem("messaging.consumer.group.name"));
        Assert.Equal("tweet-1", activity.GetTagItem("messaging.kafka.message.key"));
    }

    [Fact]
    public void Without_trace_headers_the_process_activity_starts_a_new_trace()
    {
        using var activity = KafkaTelemetry.StartProcessActivity(Consumed(new Headers()), "push-gateway");

        Assert.NotNull(activity);
        Assert.Equal(default, activity.ParentSpanId);
        Assert.NotEqual(default, activity.TraceId);
    }
}
