using System.Diagnostics.Metrics;

namespace TweetPlatform.PushGateway.Sse;

/// <summary>What the streams write: events and bytes out, and how long after its creation an event reached a client.</summary>
public sealed class SseMetrics
{
    private readonly Counter<long> _events;
    private readonly Counter<long> _bytes;
    private readonly Histogram<double> _delay;

    public SseMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(SseBroadcaster.MeterName);
        _events = meter.CreateCounter<long>("sse.events.sent", "{event}", "Events written to SSE streams (one per client).");
        _bytes = meter.CreateCounter<long>("sse.bytes.sent", "By", "Bytes written to SSE streams.");
        _delay = meter.CreateHistogram<double>("sse.delivery.delay", "ms", "From the Kafka record's creation to its write to a client (live events only).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000] });
    }

    public void Sent(SseFrame frame, DateTimeOffset now, bool live)
    {
        _events.Add(1);
        _bytes.Add(frame.Bytes.Length);
        if (live && frame.Origin is { } origin)
        {
            _delay.Record(Math.Max(0, (now - origin.CreatedAt).TotalMilliseconds));
        }
    }
}
