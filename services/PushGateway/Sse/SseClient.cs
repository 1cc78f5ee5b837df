using System.Threading.Channels;

namespace TweetPlatform.PushGateway.Sse;

/// <summary>
/// One connected browser: a bounded queue of frames between the broadcaster and the response
/// writer. The broadcaster never waits on it; a full queue disconnects the client. Frames are queued
/// only once the client is active (after its snapshot or catch-up frames were taken).
/// </summary>
public sealed class SseClient(long id, string remoteAddress, int capacity, ConferenceFilter filter, QueryFilter? queries = null)
{
    private readonly Channel<SseFrame> _frames = Channel.CreateBounded<SseFrame>(new BoundedChannelOptions(capacity)
    {
        SingleReader = true,
        SingleWriter = false,
        FullMode = BoundedChannelFullMode.Wait,
    });
    private volatile bool _active;
    private volatile bool _queuedSinceKeepAlive;
    private Action? _abortConnection;

    public long Id { get; } = id;
    public string RemoteAddress { get; } = remoteAddress;
    public ConferenceFilter Filter { get; } = filter;

    /// <summary>The live queries whose results the client follows.</summary>
    public QueryFilter Queries { get; } = queries ?? QueryFilter.None;
    public ChannelReader<SseFrame> Frames => _frames.Reader;

    /// <summary>Why the stream was ended by the server, if it was.</summary>
    public string? DisconnectReason { get; private set; }

    /// <summary>From now on the client is sent every frame published it wants (called by <see cref="LiveFeed"/> under its lock).</summary>
    public void Activate() => _active = true;

    public bool Wants(SseFrame frame) => _active && Includes(frame.Origin?.QueryId, frame.Origin?.Conference);

    /// <summary>A live query's result goes to its followers, whatever their conferences; everything else by conference.</summary>
    public bool Includes(string? queryId, string? conference) => queryId is null ? !Queries.OnlyQueries && Filter.Includes(conference) : Queries.Includes(queryId);

    public bool TryEnqueue(SseFrame frame)
    {
        _queuedSinceKeepAlive = true;
        return _frames.Writer.TryWrite(frame);
    }

    /// <summary>Queues a keep-alive comment when the client is attached and was queued nothing since the last call.</summary>
    public void KeepAliveIfIdle()
    {
        if (_active && !_queuedSinceKeepAlive)
        {
            _frames.Writer.TryWrite(SseFrame.KeepAliveComment);
        }
        _queuedSinceKeepAlive = false;
    }

    /// <summary>How to drop the client's connection at once (its response writer sets it before it attaches).</summary>
    public void OnAbort(Action abortConnection) => _abortConnection = abortConnection;

    /// <summary>Ends the stream after what is queued: a graceful end (shutdown), which a reading client gets in full.</summary>
    public void Disconnect(string reason)
    {
        DisconnectReason ??= reason;
        _frames.Writer.TryComplete();
    }

    /// <summary>
    /// Ends the stream and drops the connection now: for a client that does not read, whose writer may be
    /// blocked in a socket write that never completes, holding the connection and its buffers.
    /// </summary>
    public void Abort(string reason)
    {
        Disconnect(reason);
        if (_abortConnection is { } abort)
        {
            // Off the publishing thread: dropping a connection runs its writer's continuations, which must
            // not hold up the frames of every other client.
            ThreadPool.QueueUserWorkItem(static abort => abort(), abort, preferLocal: false);
        }
    }
}
