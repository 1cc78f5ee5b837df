using System.Diagnostics;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy;
using TweetPlatform.ServiceDefaults.WarmUp;

namespace TweetPlatform.Gateway.WarmUp;

/// <summary>
/// Sends each proxied route's request, without credentials or body, to this gateway's own server,
/// <see cref="WarmUpOptions.Rounds"/> times: its server, rate limiter, forwarder and connection pools, and each service's
/// HTTP pipeline behind them, are warm before the first user's request. Without credentials nothing changes anywhere
/// (ingest answers 401, a like read is a read); the requests carry the in-process <see cref="WarmUpRequestMark"/>, so they
/// spend no client's rate limit, and no traces are recorded of them. A streamed answer (the update stream) is cut off
/// after its first bytes.
/// </summary>
public sealed class GatewayWarmUp(IProxyStateLookup proxy, IServer server, WarmUpRequestMark mark, IOptions<WarmUpOptions> options,
    ILogger<GatewayWarmUp> logger) : IWarmUp
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

    public async Task WarmAsync(CancellationToken cancellationToken)
    {
        if (OwnAddress() is not { } address)
        {
            logger.LogDebug("No HTTP address to warm up");
            return;
        }
        var requests = proxy.GetRoutes()
            .Select(route => (Method: SampleMethod(route.Config.Match.Methods), Path: SamplePath(route.Config.Match.Path)))
            .Distinct()
            .ToList();
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = address, Timeout = Timeout.InfiniteTimeSpan };
        // Under a parent that is not sampled: the warm-up makes no traces, here or in the services behind (the flag
        // travels in traceparent), so the dashboard shows users' requests only.
        using var untraced = new Activity("warm-up")
            .SetParentId(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.None)
            .Start();
        for (var round = 0; round < options.Value.Rounds; round++)
        {
            foreach (var (method, path) in requests)
            {
                await SendAsync(http, method, path, cancellationToken);
            }
        }
    }

    /// <summary>The route's path with every parameter filled in (<c>/api/tweets/{tweetId}/likes</c> → <c>/api/tweets/warm-up/likes</c>).</summary>
    public static string SamplePath(string? template) =>
        string.Join('/', (template ?? "/").Split('/').Select(segment => segment.StartsWith('{') ? "warm-up" : segment));

    /// <summary>GET when the route takes it (a read), else its first method.</summary>
    public static string SampleMethod(IReadOnlyList<string>? methods) =>
        methods is null || methods.Count == 0 || methods.Contains(HttpMethods.Get, StringComparer.OrdinalIgnoreCase) ? HttpMethods.Get : methods[0];

    /// <summary>The server's first http address, a wildcard host (<c>0.0.0.0</c>, <c>[::]</c>, <c>+</c>, <c>*</c>) as loopback.</summary>
    private Uri? OwnAddress()
    {
        var listening = server.Features.Get<IServerAddressesFeature>()?.Addresses
            .FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase));
        if (listening is null)
        {
            return null;
        }
        var local = listening.Replace("://0.0.0.0:", "://127.0.0.1:", StringComparison.Ordinal)
            .Replace("://[::]:", "://localhost:", StringComparison.Ordinal)
            .Replace("://+:", "://localhost:", StringComparison.Ordinal)
            .Replace("://*:", "://localhost:", StringComparison.Ordinal);
        return Uri.TryCreate(local, UriKind.Absolute, out var uri) ? uri : null;
    }

    private async Task SendAsync(HttpClient http, string method, string path, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RequestTimeout);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        mark.Apply(request.Headers);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
            _ = await body.ReadAsync(new byte[256], timeout.Token);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            logger.LogDebug("Warm-up request {Method} {Path}: {Error}", method, path, ex.Message);
        }
    }
}
