using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TweetPlatform.PushGateway;
using TweetPlatform.PushGateway.Consuming;
using TweetPlatform.PushGateway.Feed;
using TweetPlatform.PushGateway.Projection;
using TweetPlatform.PushGateway.Sse;

namespace TweetPlatform.UnitTests.PushGateway;

/// <summary>Fan-out to SSE clients: a client that does not keep up is dropped without holding up the others.</summary>
public sealed class SseBroadcasterTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly TestMeterFactory _meters = new();
    private readonly SseBroadcaster _broadcaster;

    public SseBroadcasterTests() => _broadcaster = Create(new PushGatewayOptions { ClientQueueCapacity = 2 });

    private SseBroadcaster Create(PushGatewayOptions options) =>
        new(NullLogger<SseBroadcaster>.Instance, _meters, Options.Create(options));

    private SseClient Connect(string address, ConferenceFilter? filter = null, SseBroadcaster? broadcaster = null)
    {
        Assert.Equal(ConnectResult.Accepted, (broadcaster ?? _broadcaster).TryConnect(address, filter ?? ConferenceFilter.All, out var client));
        client!.Activate();
        return client;
    }

    public void Dispose() => _meters.Dispose();

    private static SseFrame Frame(int n, string? conference = null) =>
        SseFrame.Create("tweet", $"tw.0.{n}", Encoding.UTF8.GetBytes($"{{\"n\":{n}}}"), origin: new FrameOrigin(0, n, conference, DateTimeOffset.UnixEpoch));

    [Fact]
    public void Connected_clients_are_counted()
    {
        var first = Connect("10.0.0.1");
        var second = Connect("10.0.0.2");

        Assert.Equal(2, _broadcaster.ClientCount);
        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal("10.0.0.1", first.RemoteAddress);

        _broadcaster.Disconnect(first);
        Assert.Equal(1, _broadcaster.ClientCount);
    }

    [Fact]
    public void A_keep_alive_comment_goes_only_to_attached_clients_that_were_queued_nothing_since_the_last_round()
    {
        var idle = Connect("10.0.0.1");
        var busy = Connect("10.0.0.2", ConferenceFilter.Parse(["qcon"], out _));
        Assert.Equal(ConnectResult.Accepted, _broadcaster.TryConnect("10.0.0.3", ConferenceFilter.All, out var attaching));

        _broadcaster.Publish([Frame(1, "qcon")]);
        Assert.True(busy.Frames.TryRead(out _));
        Assert.True(idle.Frames.TryRead(out _));
        _broadcaster.KeepAliveIdle();
        Assert.False(idle.Frames.TryRead(out _));
        Assert.False(busy.Frames.TryRead(out _));

        // Nothing since the last round: both get one comment; a client still attaching gets none.
        _broadcaster.KeepAliveIdle();
        Assert.True(idle.Frames.TryRead(out var comment));
        Assert.True(comment.IsComment);
        Assert.Equal(": keep-alive\n\n", Encoding.UTF8.GetString(comment.Bytes));
        Assert.True(busy.Frames.TryRead(out _));
        Assert.False(attaching!.Frames.TryRead(out _));

        // A frame the client does not want (another conference) does not count as sent to it.
        _broadcaster.Publish([Frame(2, "devoxx")]);
        Assert.True(idle.Frames.TryRead(out _));
        _broadcaster.KeepAliveIdle();
        Assert.False(idle.Frames.TryRead(out _));
        Assert.True(busy.Frames.TryRead(out var second));
        Assert.True(second.IsComment);
    }

    [Fact]
    public async Task A_client_that_never_reads_is_dropped_on_overflow_while_a_reading_client_gets_every_frame_in_order()
    {
        var slow = Connect("10.0.0.1");
        var fast = Connect("10.0.0.2");
        var received = new List<string>();

        for (var n = 1; n <= 5; n++)
        {
            _broadcaster.Publish([Frame(n)]);
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
        var first = Connect("10.0.0.1");
        var second = Connect("10.0.0.2");

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
        var client = Connect("10.0.0.1");
        _broadcaster.Disconnect(client);

        _broadcaster.Publish([Frame(1)]);

        Assert.False(client.Frames.TryRead(out _));
    }

    [Fact]
    public void A_client_not_yet_activated_or_filtered_to_other_conferences_is_not_sent_the_frame()
    {
        Assert.Equal(ConnectResult.Accepted, _broadcaster.TryConnect("10.0.0.1", ConferenceFilter.All, out var waiting));
        var filtered = Connect("10.0.0.2", ConferenceFilter.Parse(["javaone, KubeCon"], out _));

        _broadcaster.Publish([Frame(1, "dotnetconf")]);
        _broadcaster.Publish([Frame(2, null)]);
        _broadcaster.Publish([Frame(3, "kubecon")]);

        Assert.False(waiting!.Frames.TryRead(out _));
        Assert.True(filtered.Frames.TryRead(out var only));
        Assert.Equal("tw.0.3", only.Id);
        Assert.False(filtered.Frames.TryRead(out _));
    }

    [Fact]
    public void Streams_are_capped_per_address_and_per_instance_and_a_closed_stream_frees_its_place()
    {
        var broadcaster = Create(new PushGatewayOptions { MaxConnections = 3, MaxConnectionsPerAddress = 2 });
        var first = Connect("10.0.0.1", broadcaster: broadcaster);
        Connect("10.0.0.1", broadcaster: broadcaster);

        Assert.Equal(ConnectResult.AddressFull, broadcaster.TryConnect("10.0.0.1", ConferenceFilter.All, out var refused));
        Assert.Null(refused);
        Connect("10.0.0.2", broadcaster: broadcaster);
        Assert.Equal(ConnectResult.InstanceFull, broadcaster.TryConnect("10.0.0.3", ConferenceFilter.All, out _));

        broadcaster.Disconnect(first);
        Assert.Equal(ConnectResult.Accepted, broadcaster.TryConnect("10.0.0.1", ConferenceFilter.All, out _));

        broadcaster.DisconnectAll("bye");
        Assert.Equal(ConnectResult.Closed, broadcaster.TryConnect("10.0.0.4", ConferenceFilter.All, out _));
    }
}
