using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using TweetPlatform.PushGateway.Streaming;

namespace TweetPlatform.UnitTests.PushGateway;

/// <summary>Fan-out to SSE clients: a client that does not keep up is dropped without holding up the others.</summary>
public sealed class SseBroadcasterTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly TestMeterFactory _meters = new();
    private readonly SseBroadcaster _broadcaster;

    public SseBroadcasterTests() => _broadcaster = new SseBroadcaster(NullLogger<SseBroadcaster>.Instance, _meters);

    public void Dispose() => _meters.Dispose();

    private static SseFrame Frame(int n) => SseFrame.Create("tweet", $"tw.0.{n}", Encoding.UTF8.GetBytes($"{{\"n\":{n}}}"));

    [Fact]
    public void Connected_clients_are_counted()
    {
        var first = _broadcaster.Connect("10.0.0.1", 4);
        var second = _broadcaster.Connect("10.0.0.2", 4);

        Assert.Equal(2, _broadcaster.ClientCount);
        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal("10.0.0.1", first.RemoteAddress);

        _broadcaster.Disconnect(first);
        Assert.Equal(1, _broadcaster.ClientCount);
    }

    [Fact]
    public async Task A_client_that_never_reads_is_dropped_on_overflow_while_a_reading_client_gets_every_frame_in_order()
    {
        var slow = _broadcaster.Connect("10.0.0.1", queueCapacity: 2);
        var fast = _broadcaster.Connect("10.0.0.2", queueCapacity: 2);
        var received = new List<string>();

        for (var n = 1; n <= 5; n++)
        {
            _broadcaster.Publish(Frame(n));
            Assert.True(fast.Frames.TryRead(out var frame));
            received.Add(frame.Id);

            if (n <= 2)
            {
                Assert.Null(slow.DisconnectReason);
                Assert.Equal(2, _broadcaster.ClientCount);
            }
        }

        Assert.Equal(["tw.0.1", "tw.0.2", "tw.0.3", "tw.0.4", "tw.0.5"], received);
        Assert.Null(fast.DisconnectReason);
        Assert.Equal(1, _broadcaster.ClientCount);
        Assert.Equal("too slow", slow.DisconnectReason);
        Assert.Equal(1, _meters.Total("sse.clients.dropped"));

        // The dropped client still gets what it had queued, then its stream ends.
        Assert.True(slow.Frames.TryRead(out var queued1));
        Assert.True(slow.Frames.TryRead(out var queued2));
        Assert.Equal(["tw.0.1", "tw.0.2"], new[] { queued1.Id, queued2.Id });
        Assert.False(slow.Frames.TryRead(out _));
        await slow.Frames.Completion.WaitAsync(Timeout);
        Assert.False(fast.Frames.Completion.IsCompleted);
    }

    [Fact]
    public async Task DisconnectAll_ends_every_stream_with_the_reason()
    {
        var first = _broadcaster.Connect("10.0.0.1", 4);
        var second = _broadcaster.Connect("10.0.0.2", 4);

        _broadcaster.DisconnectAll("shutting down");

        await first.Frames.Completion.WaitAsync(Timeout);
        await second.Frames.Completion.WaitAsync(Timeout);
        Assert.Equal("shutting down", first.DisconnectReason);
        Assert.Equal("shutting down", second.DisconnectReason);
        Assert.Equal(0, _broadcaster.ClientCount);
        Assert.Equal(0, _meters.Total("sse.clients.dropped"));
    }

    [Fact]
    public void A_disconnected_client_receives_no_further_frames()
    {
        var client = _broadcaster.Connect("10.0.0.1", 4);
        _broadcaster.Disconnect(client);

        _broadcaster.Publish(Frame(1));

        Assert.False(client.Frames.TryRead(out _));
    }
}
