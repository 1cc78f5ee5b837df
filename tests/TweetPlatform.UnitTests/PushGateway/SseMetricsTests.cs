using System.Text;
using TweetPlatform.PushGateway.Consuming;
using TweetPlatform.PushGateway.Feed;
using TweetPlatform.PushGateway.Projection;
using TweetPlatform.PushGateway.Sse;

namespace TweetPlatform.UnitTests.PushGateway;

/// <summary>What the push gateway reports per write: events, bytes, and the delay of live events since their creation.</summary>
public sealed class SseMetricsTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private readonly TestMeterFactory _meters = new();

    public void Dispose() => _meters.Dispose();

    [Fact]
    public void Every_write_counts_its_bytes_and_only_live_events_record_their_delivery_delay()
    {
        var metrics = new SseMetrics(_meters);
        var live = SseFrame.Create("tweet", "1.AQE", Encoding.UTF8.GetBytes("{}"), origin: new FrameOrigin(0, 0, null, Now.AddMilliseconds(-250)));
        var snapshot = SseFrame.Create("snapshot", "1.AQE", Encoding.UTF8.GetBytes("{\"tweets\":[]}"));

        metrics.Sent(live, Now, live: true);
        metrics.Sent(live, Now, live: false); // a catch-up after a reconnect: old by design, not a delay
        metrics.Sent(snapshot, Now, live: true);

        Assert.Equal(3, _meters.Total("sse.events.sent"));
        Assert.Equal(2 * live.Bytes.Length + snapshot.Bytes.Length, _meters.Total("sse.bytes.sent"));
        Assert.Equal([250.0], _meters.Values("sse.delivery.delay"));
    }
}
