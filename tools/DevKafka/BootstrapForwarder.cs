using System.Net;
using System.Net.Sockets;

namespace TweetPlatform.DevKafka;

/// <summary>
/// A fixed bootstrap address for the mock cluster, whose brokers listen on ports chosen at start: relays each
/// connection to the first broker. Clients then learn the brokers' own addresses from the metadata and
/// connect to them directly, so this only serves where they can reach the broker's loopback (the same host,
/// pod or host network), as the dev broker always does.
/// </summary>
public sealed class BootstrapForwarder : IDisposable
{
    private readonly TcpListener _listener;
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();

    private BootstrapForwarder(TcpListener listener, IPEndPoint target)
    {
        _listener = listener;
        _target = target;
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public static BootstrapForwarder Start(int port, string bootstrapServers)
    {
        var first = bootstrapServers.Split(',')[0];
        var target = IPEndPoint.Parse(first);
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        var forwarder = new BootstrapForwarder(listener, target);
        _ = forwarder.AcceptAsync();
        return forwarder;
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        using (var broker = new TcpClient())
        {
            try
            {
                await broker.ConnectAsync(_target, _stop.Token);
                client.NoDelay = broker.NoDelay = true;
                var (a, b) = (client.GetStream(), broker.GetStream());
                // Either side closing ends both.
                await Task.WhenAny(a.CopyToAsync(b, _stop.Token), b.CopyToAsync(a, _stop.Token));
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
            {
                // The client or the broker went away.
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }
}
