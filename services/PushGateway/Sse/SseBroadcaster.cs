using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;

namespace TweetPlatform.PushGateway.Sse;

/// <summary>
/// Fans every frame out to every connected client that wants it. Publishing never blocks: a client
/// whose queue is full is disconnected (it reconnects and resumes) so one stalled tab cannot hold up
/// the others or grow the server's memory. Admits at most a configured number of streams per
/// instance and per client address.
/// </summary>
public sealed class SseBroadcaster
{
    public const string MeterName = "TweetPlatform.PushGateway";

    private readonly ConcurrentDictionary<long, SseClient> _clients = new();
    private readonly Dictionary<string, int> _perAddress = new(StringComparer.Ordinal);
    private readonly Lock _admission = new();
    private readonly PushGatewayOptions _options;
    private readonly ILogger<SseBroadcaster> _logger;
    private readonly Counter<long> _dropped;
    private long _nextId;
    private volatile bool _closed;

    private readonly CutOffMemoryRelease? _memoryRelease;

    public SseBroadcaster(ILogger<SseBroadcaster> logger, IMeterFactory meters, IOptions<PushGatewayOptions> options, CutOffMemoryRelease? memoryRelease = null)
    {
        _memoryRelease = memoryRelease;
        _logger = logger;
        _options = options.Value;
        var meter = meters.Create(MeterName);
        _dropped = meter.CreateCounter<long>("sse.clients.dropped", "{client}", "Clients disconnected for not keeping up.");
        meter.CreateObservableUpDownCounter("sse.clients.connected", () => _clients.Count, "{client}", "Open SSE streams.");
    }

    public int ClientCount => _clients.Count;

    /// <summary>True once the server is shutting down: no new streams.</summary>
    public bool IsClosed => _closed;

    /// <summary>Admits a stream (not yet receiving: see <see cref="SseClient.Activate"/>) unless a limit says no.</summary>
    public ConnectResult TryConnect(string remoteAddress, ConferenceFilter filter, out SseClient? client) =>
        TryConnect(remoteAddress, filter, QueryFilter.None, out client);

    /// <summary>Admits a stream that also follows live queries' results.</summary>
    public ConnectResult TryConnect(string remoteAddress, ConferenceFilter filter, QueryFilter queries, out SseClient? client)
    {
        client = null;
        lock (_admission)
        {
            if (_closed)
            {
                return ConnectResult.Closed;
            }
            if (_clients.Count >= _options.MaxConnections)
            {
                return ConnectResult.InstanceFull;
            }
            var open = _perAddress.GetValueOrDefault(remoteAddress);
            if (open >= _options.MaxConnectionsPerAddress)
            {
                return ConnectResult.AddressFull;
            }
            _perAddress[remoteAddress] = open + 1;
            client = new SseClient(Interlocked.Increment(ref _nextId), remoteAddress, _options.ClientQueueCapacity, filter, queries);
            _clients[client.Id] = client;
            return ConnectResult.Accepted;
        }
    }

    public void Disconnect(SseClient client)
    {
        lock (_admission)
        {
            if (!_clients.TryRemove(client.Id, out _))
            {
                return;
            }
            if (_perAddress.TryGetValue(client.RemoteAddress, out var open) && open > 1)
            {
                _perAddress[client.RemoteAddress] = open - 1;
            }
            else
            {
                _perAddress.Remove(client.RemoteAddress);
            }
        }
    }

    /// <summary>Frames in order, client by client: each client's writer finds all of them when it wakes.</summary>
    public void Publish(IReadOnlyList<SseFrame> frames)
    {
        foreach (var client in _clients.Values)
        {
            foreach (var frame in frames)
            {
                if (client.Wants(frame) && !client.TryEnqueue(frame))
                {
                    CutOff(client);
                    break;
                }
            }
        }
    }

    private void CutOff(SseClient client)
    {
        client.Abort("too slow");
        Disconnect(client);
        _dropped.Add(1);
        _memoryRelease?.CutOff();
        _logger.LogWarning("Disconnected SSE client {ClientId} ({Remote}): its queue is full", client.Id, client.RemoteAddress);
    }

    /// <summary>Queues a keep-alive comment for every attached client that was queued nothing since the last call.</summary>
    public void KeepAliveIdle()
    {
        foreach (var client in _clients.Values)
        {
            // A full queue is not idle: the next frame published cuts that client off.
            client.KeepAliveIfIdle();
        }
    }

    /// <summary>Ends every stream, e.g. at shutdown; clients reconnect after their retry delay.</summary>
    public void DisconnectAll(string reason)
    {
        lock (_admission)
        {
            _closed = true;
        }
        foreach (var client in _clients.Values)
        {
            client.Disconnect(reason);
            Disconnect(client);
        }
    }
}
