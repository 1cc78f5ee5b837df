using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using TweetPlatform.EventBus;
using TweetPlatform.Kafka;

namespace TweetPlatform.UnitTests.ServiceDefaults;

/// <summary>W3C trace context written into and read from Kafka message headers.</summary>
public sealed class KafkaTraceContextPropagationTests
{


    private static ActivityContext NewContext() =>
        new(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);

    [Fact]
    public void Inject_writes_a_w3c_traceparent_header()
    {
        var context = NewContext();
        var headers = new Headers();

        KafkaTelemetry.Inject(context, headers);

        Assert.True(headers.TryGetLastBytes("traceparent", out var bytes));
        Assert.Equal($"00-{context.TraceId}-{context.SpanId}-01", Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void Extract_returns_the_injected_trace_and_span()
    {
        var context = NewContext();
        var headers = new Headers();
        KafkaTelemetry.Inject(context, headers);

        var extracted = KafkaTelemetry.Extract(headers).ActivityContext;

        Assert.Equal(context.TraceId, extracted.TraceId);
        Assert.Equal(context.SpanId, extracted.SpanId);
        Assert.Equal(ActivityTraceFlags.Recorded, extracted.TraceFlags);
        Assert.True(extracted.IsRemote);
    }

    [Fact]
    public void Injecting_again_replaces_the_previous_traceparent()
    {
        var first = NewContext();
        var second = NewContext();
        var headers = new Headers { { "other", "kept"u8.ToArray() } };

        KafkaTelemetry.Inject(first, headers);
        KafkaTelemetry.Inject(second, headers);

        Assert.Single(headers, h => h.Key == "traceparent");
        Assert.Single(headers, h => h.Key == "other");
        Assert.Equal(second.SpanId, KafkaTelemetry.Extract(headers).ActivityContext.SpanId);
    }

    [Fact]
    public void Extract_without_headers_is_default()
    {
        Assert.Equal(default, KafkaTelemetry.Extract(null));
        Assert.Equal(default, KafkaTelemetry.Extract(new Headers()).ActivityContext);
    }
}
