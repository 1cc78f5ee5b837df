using System.Threading.Channels;

namespace TweetPlatform.PushGateway.Streaming;

/// <summary>
/// One connected browser: a bounded queue of frames between the broadcaster and the response
/// writer. The broadcaster never waits on it; a full queue disconnects the client.
/// </summary>
public sealed class SseClient(long id, string remoteAddress, int capacity)
{
    private readonly Channel<SseFrame> _frames = Channel.CreateBounded<SseFrame>(new BoundedChannelOptions(capacity)
    {
        SingleReader = true,
        SingleWriter = false,
        FullMode = BoundedChannelFullMode.Wait,
    });

    public long Id { get; } = id;
    public string RemoteAddress { get; } = remoteAddress;
    public ChannelReader<SseFrame> Frames => _frames.Reader;

    /// <summary>Why the stream was ended by the server, if it was.</summary>
    public string? DisconnectReason { get; private set; }

    public bool TryEnqueue(SseFrame frame) => _frames.Writer.TryWrite(frame);

    public void Disconnect(string reason)
    {
        DisconnectReason ??= reason;
        _frames.Writer.TryComplete();
    }
}
