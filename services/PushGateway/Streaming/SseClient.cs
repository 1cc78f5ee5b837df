using System.Threading.Channels;
using TweetPlatform.PushGateway.Snapshot;

namespace TweetPlatform.PushGateway.Streaming;

/// <summary>
/// One connected browser: a bounded queue of frames between the broadcaster and the response
/// writer. The broadcaster never waits on it; a full queue disconnects the client. Frames are queued
/// only once the client is active (after its snapshot or catch-up frames were taken).
/// </summary>
public sealed class SseClient(long id, string remoteAddress, int capacity, ConferenceFilter filter)
{
    private readonly Channel<SseFrame> _frames = Channel.CreateBounded<SseFrame>(new BoundedChannelOptions(capacity)
    {
        SingleReader = true,
        SingleWriter = false,
        FullMode = BoundedChannelFullMode.Wait,
    });
    private volatile bool _active;

    public long Id { get; } = id;
    public string RemoteAddress { get; } = remoteAddress;
    public ConferenceFilter Filter { get; } = filter;
    public ChannelReader<SseFrame> Frames => _frames.Reader;

    /// <summary>Why the stream was ended by the server, if it was.</summary>
    public string? DisconnectReason { get; private set; }

    /// <summary>From now on the client is sent every frame published it wants (called by <see cref="UpdateStream"/> under its lock).</summary>
    public void Activate() => _active = true;

    public bool Wants(SseFrame frame) => _active && Filter.Includes(frame.Origin?.Conference);

    public bool TryEnqueue(SseFrame frame) => _frames.Writer.TryWrite(frame);

    public void Disconnect(string reason)
    {
        DisconnectReason ??= reason;
        _frames.Writer.TryComplete();
    }
}
