using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace TweetPlatform.PushGateway.Streaming;

/// <summary>
/// Fans every frame out to every connected client. Publishing never blocks: a client whose queue is
/// full is disconnected (it reconnects and catches up) so one stalled tab cannot hold up the others
/// or grow the server's memory.
/// </summary>
public sealed class SseBroadcaster(ILogger<SseBroadcaster> logger, IMeterFactory meters)
{
    private readonly ConcurrentDictionary<long, SseClient> _clients = new();
    private long _nextId;
    private volatile bool _closed;
    private readonly Counter<long> _dropped = meters.Create("TweetPlatform.PushGateway")
        .CreateCounter<long>("sse.clients.dropped", "{client}", "Clients disconnected for not keeping up.");

    public int ClientCount => _clients.Count;

    /// <summary>True once the server is shutting down: no new streams.</summary>
    public bool IsClosed => _closed;

    public SseClient Connect(string remoteAddress, int queueCapacity)
    {
        var client = new SseClient(Interlocked.Increment(ref _nextId), remoteAddress, queueCapacity);
        _clients[client.Id] = client;
        if (_closed)
        {
            // Raced with shutdown: end it at once rather than leave a stream nobody will close.
            Disconnect(client);
            client.Disconnect("server shutting down");
        }
        return client;
    }

    public void Disconnect(SseClient client) => _clients.TryRemove(client.Id, out _);

    public void Publish(SseFrame frame)
    {
        foreach (var client in _clients.Values)
        {
            if (!client.TryEnqueue(frame))
            {
                client.Disconnect("too slow");
                _clients.TryRemove(client.Id, out _);
                _dropped.Add(1);
                logger.LogWarning("Disconnected SSE client {ClientId} ({Remote}): its queue is full", client.Id, client.RemoteAddress);
            }
        }
    }

    /// <summary>Ends every stream, e.g. at shutdown; clients reconnect after their retry delay.</summary>
    public void DisconnectAll(string reason)
    {
        _closed = true;
        foreach (var client in _clients.Values)
        {
            if (_clients.TryRemove(client.Id, out _))
            {
                client.Disconnect(reason);
            }
        }
    }
}
