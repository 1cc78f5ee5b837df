using System.Diagnostics;
using TweetPlatform.Hosting;

namespace TweetPlatform.Benchmark;

/// <summary>
/// Webhook to browser right after the platform reports healthy: each run starts the whole system anew, connects the
/// latency clients and sends tweets at <see cref="BenchmarkSettings.ColdStartRate"/> for the configured duration at once,
/// so what is measured is what the first users after a start or a deployment get.
/// </summary>
public sealed class ColdStart(BenchmarkSettings settings, IReadOnlyDictionary<string, string> environment)
{
    public async Task<string> RunAsync()
    {
        var rows = new List<string>();
        var runs = new List<EndToEndLatency.RunResult>();
        // Run -1 warms the load generator itself (its own JIT and connections would count as the platform's cold start); not reported.
        for (var run = -1; run < settings.Runs; run++)
        {
            var starting = Stopwatch.GetTimestamp();
            await using var system = await BenchmarkSystem.StartAsync(environment: environment);
            var startup = Stopwatch.GetElapsedTime(starting);
            var healthy = Stopwatch.GetTimestamp();
            using var sseHttp = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan }) { Timeout = Timeout.InfiniteTimeSpan };
            var clients = new List<SseTweetScanner>();
            try
            {
                for (var i = 0; i < settings.LatencyClients; i++)
                {
                    clients.Add(await SseTweetScanner.ConnectAsync(sseHttp, new Uri(system.GatewayUrl, "/api/updates")));
                }
                var connected = Stopwatch.GetElapsedTime(healthy);
                var result = await new EndToEndLatency(system, settings)
                    .RunOnceAsync(clients, settings.ColdStartRate, $"cold{run}-{Guid.NewGuid():N}"[..20] + "-");
                if (run < 0)
                {
                    continue;
                }
                runs.Add(result);
                rows.Add($"| {run + 1} | {startup.TotalSeconds:N1} | {connected.TotalMilliseconds:N0} | {Stats.N1(result.P50)} | {Stats.N1(result.P90)} "
                    + $"| {Stats.N1(result.P99)} | {Stats.N1(result.FirstSecondP99)} | {Stats.N1(result.FirstSecondAcceptP99)} | {Stats.N1(result.Max)} | {result.Delivered:P2} |");
                Console.WriteLine("  " + rows[^1]);
            }
            finally
            {
                foreach (var client in clients)
                {
                    await client.DisposeAsync();
                }
            }
        }
        string Col(Func<EndToEndLatency.RunResult, double> pick) => Stats.N1(Stats.Spread(runs.Select(pick)).Median);
        return $"""
            ## Cold start (webhook → browser in the first seconds after the platform reports healthy)

            Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {MarkdownReport.Machine()}; everything on this machine.
            Each run starts the whole system anew as the AppHost does (Release build), waits until every service reports healthy,
            connects {settings.LatencyClients} SSE clients through the gateway to `/api/updates` and at once sends {settings.ColdStartRate} tweets/s
            through the gateway for {settings.Duration.TotalSeconds:N0} s; latency as in the end-to-end table. "First second" is the p99 over
            the tweets sent in the first second, and "first second 202" the p99 of the webhook's answers to them (the ingest half: gateway,
            ingest, Kafka's acknowledgement). One unreported run first warms the load generator itself (its own JIT and connections
            would otherwise count as the platform's cold start).

            Command: `{settings.Command}`

            | run | start to healthy s | healthy to clients connected ms | p50 ms | p90 ms | p99 ms | first second p99 ms | first second 202 p99 ms | max ms | delivered |
            |---|---|---|---|---|---|---|---|---|---|
            {string.Join("\n", rows)}
            | median | | | {Col(r => r.P50)} | {Col(r => r.P90)} | {Col(r => r.P99)} | {Col(r => r.FirstSecondP99)} | {Col(r => r.FirstSecondAcceptP99)} | {Col(r => r.Max)} | |

            """;
    }
}
