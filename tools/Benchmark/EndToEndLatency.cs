using System.Diagnostics;
using System.Net;
using System.Text;
using TweetPlatform.Hosting;

namespace TweetPlatform.Benchmark;

/// <summary>
/// Webhook to browser: tweets sent at a steady rate through the gateway, received as SSE by clients
/// connected through the gateway; latency from just before the request is sent to the event's arrival
/// at each client, over every (tweet, client) pair.
/// </summary>
public sealed class EndToEndLatency(RunningPlatform system, BenchmarkSettings settings)
{
    public async Task<string> RunAsync()
    {
        using var sseHttp = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan }) { Timeout = Timeout.InfiniteTimeSpan };
        var clients = new List<SseTweetScanner>();
        for (var i = 0; i < settings.LatencyClients; i++)
        {
            clients.Add(await SseTweetScanner.ConnectAsync(sseHttp, new Uri(system.GatewayUrl, "/api/updates")));
        }
        var rows = new List<string>();
        var cpuRows = new List<string>();
        try
        {
            foreach (var rate in settings.LatencyRates)
            {
                var runs = new List<RunResult>();
                for (var run = 0; run < settings.Runs; run++)
                {
                    await SseTweetScanner.ReconnectEndedAsync(clients, sseHttp, new Uri(system.GatewayUrl, "/api/updates"));
                    await Backlog.WaitUntilWorkedOffAsync(system, TimeSpan.FromMinutes(3));
                    runs.Add(await RunOnceAsync(clients, rate, $"lat{rate}r{run}-{Guid.NewGuid():N}"[..24] + "-"));
                }
                string Col(Func<RunResult, double> pick) => Stats.N1(Stats.Spread(runs.Select(pick)).Median);
                rows.Add($"| {rate:N0} | {Col(r => r.SentPerSecond)} | {Col(r => r.P50)} | {Col(r => r.P90)} | {Col(r => r.P99)} | {Col(r => r.Max)} "
                    + $"| {Stats.Spread(runs.Select(r => r.P99)).Min:N1}–{Stats.Spread(runs.Select(r => r.P99)).Max:N1} | {runs.Min(r => r.Delivered):P2} "
                    + $"| {runs.Sum(r => r.CutOff)} | {Col(r => r.Cpu)} % |");
                Console.WriteLine("  " + rows[^1]);
                cpuRows.Add($"| {rate:N0} | {runs[runs.Count / 2].SystemCpu} |");
            }
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
        return $"""
            ## End-to-end latency (webhook → browser, through the gateway)

            Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {MarkdownReport.Machine()}; everything on this machine.
            {settings.LatencyClients} SSE clients connected through the gateway to `/api/updates`; tweets sent as `POST /api/tweets` through
            the gateway at a steady rate for {settings.Duration.TotalSeconds:N0} s (up to 512 requests in flight over keep-alive connections).
            Latency = arrival of the `tweet` event at a client − the moment just before its request was sent, over every tweet and
            client. {settings.Runs} runs per rate; the table shows medians of the runs (and the spread of p99). A client that cannot read
            as fast as events come is cut off by the push gateway's back-pressure (its queue of 1,024 frames is full); it is counted,
            and connected again before the next run. The services work off the previous run's tweets before each run.

            Command: `{settings.Command}`

            | tweets/s asked | sent/s | p50 ms | p90 ms | p99 ms | max ms | p99 spread | delivered (worst run) | clients cut off (all runs) | load generator CPU |
            |---|---|---|---|---|---|---|---|---|---|
            {string.Join("\n", rows)}

            Where the CPU went while sending (percent of one core per process; this machine has {Environment.ProcessorCount} cores in all; the load
            generator is the `benchmark` process measured above):

            | tweets/s asked | CPU by process (middle run) |
            |---|---|
            {string.Join("\n", cpuRows)}

            """;
    }

    /// <param name="FirstSecondP99">p99 over the tweets sent in the run's first second (where a cold start shows).</param>
    /// <param name="FirstSecondAcceptP99">p99 of the webhook's answer (202, after Kafka's ack) over the same tweets: the ingest half.</param>
    public sealed record RunResult(double SentPerSecond, double P50, double P90, double P99, double Max, double Delivered, int CutOff, double Cpu, string SystemCpu,
        double FirstSecondP99, double FirstSecondAcceptP99)
    {
        /// <summary>When each tweet's request was sent (Stopwatch ticks), by number.</summary>
        public long[] SentAt { get; init; } = [];
    }

    /// <summary>One run: <paramref name="rate"/> tweets/s for the configured duration, ids starting with <paramref name="prefix"/>.</summary>
    public async Task<RunResult> RunOnceAsync(IReadOnlyList<SseTweetScanner> clients, int rate, string prefix)
    {
        var count = (int)(rate * settings.Duration.TotalSeconds);
        foreach (var client in clients)
        {
            client.Expect(prefix, count);
        }
        var sentAt = new long[count];
        var acceptedAt = new long[count];
        var meter = new LoadGeneratorCpu();
        var systemCpu = new SystemCpu(system);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            DefaultRequestVersion = HttpVersion.Version11,
        };
        using var inFlight = new SemaphoreSlim(512);
        var sends = new List<Task>(count);
        long accepted = 0, refused = 0;
        var url = new Uri(system.GatewayUrl, "/api/tweets");
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            await Delivery.WaitForTurnAsync(started, i, rate);
            await inFlight.WaitAsync();
            var n = i;
            sends.Add(Task.Run(async () =>
            {
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, url)
                    {
                        Content = new StringContent($"{{\"id\":\"{prefix}{n}\",\"text\":\"Latency probe #kafka at #javaone\",\"author\":\"bench\"}}",
                            Encoding.UTF8, "application/json"),
                    };
                    request.Headers.Add("X-Webhook-Secret", system.WebhookSecret);
                    sentAt[n] = Stopwatch.GetTimestamp();
                    using var response = await http.SendAsync(request);
                    if (response.StatusCode == HttpStatusCode.Accepted)
                    {
                        acceptedAt[n] = Stopwatch.GetTimestamp();
                        Interlocked.Increment(ref accepted);
                    }
                    else if (Interlocked.Increment(ref refused) == 1)
                    {
                        Console.Error.WriteLine($"  refused: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                    }
                }
                finally
                {
                    inFlight.Release();
                }
            }));
        }
        await Task.WhenAll(sends);
        var sentPerSecond = count / Stopwatch.GetElapsedTime(started).TotalSeconds;
        var cpuBySystem = systemCpu.Summary();
        var waitUntil = Stopwatch.GetTimestamp() + 15 * Stopwatch.Frequency;
        while (clients.Any(c => !c.Ended && c.ArrivedCount < count) && Stopwatch.GetTimestamp() < waitUntil)
        {
            await Task.Delay(100);
        }
        var cpu = meter.PercentOfOneCore();
        var latencies = Delivery.SortedLatencies(clients, sentAt);
        var firstSecond = Delivery.SortedLatencies(clients, sentAt, Math.Min(rate, count));
        if (accepted < count)
        {
            Console.Error.WriteLine($"  only {accepted} of {count} tweets were accepted");
        }
        return new RunResult(sentPerSecond, Stats.Percentile(latencies, 50), Stats.Percentile(latencies, 90), Stats.Percentile(latencies, 99),
            latencies.Count == 0 ? double.NaN : latencies[^1], latencies.Count / (double)(count * clients.Count), clients.Count(c => c.Ended), cpu, cpuBySystem,
            Stats.Percentile(firstSecond, 99), Stats.Percentile(Delivery.SortedLatencies(sentAt, acceptedAt, Math.Min(rate, count)), 99))
        {
            SentAt = sentAt,
        };
    }
}
