using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TweetPlatform.Hosting;

namespace TweetPlatform.Benchmark;

/// <summary>
/// Issue 16's target, on the running system: webhook → browser latency of tweets at 1,000 tweets/s with no live
/// query and with 20 running (created through the gateway's API), and how long a query's result takes from a tweet
/// to a browser following that query.
/// </summary>
public sealed class LiveQueryLatency(RunningPlatform system, BenchmarkSettings settings)
{
    /// <summary>Counts the latency runs' tweets (their author is <c>bench</c>): its count says how many tweets a result has seen.</summary>
    private const string ProbeSql = "SELECT COUNT(*) AS tweets FROM tweets WHERE author = 'bench'";

    private static readonly (string Group, string Topic)[] Stages =
    [
        (Contracts.ConsumerGroups.AnalyticsRouter, Contracts.Topics.Tweets),
        (Contracts.ConsumerGroups.Analytics, Contracts.Topics.ConferenceActivity),
    ];

    public async Task<string> RunAsync()
    {
        var latency = new EndToEndLatency(system, settings);
        var rate = settings.LiveQueryRate;
        using var sseHttp = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan }) { Timeout = Timeout.InfiniteTimeSpan };
        using var api = new HttpClient { BaseAddress = system.GatewayUrl };
        var clients = new List<SseTweetScanner>();
        for (var i = 0; i < settings.LatencyClients; i++)
        {
            clients.Add(await SseTweetScanner.ConnectAsync(sseHttp, new Uri(system.GatewayUrl, "/api/updates")));
        }
        var ids = new List<string>();
        try
        {
            // Unmeasured: the services' code warms up (JIT, connections) before the first measured run.
            await RunAsync(latency, clients, sseHttp, rate, -1, "warm");
            var without = new List<EndToEndLatency.RunResult>();
            for (var run = 0; run < settings.Runs; run++)
            {
                without.Add(await RunAsync(latency, clients, sseHttp, rate, run, "q0"));
            }

            ids.Add(await CreateAsync(api, "bench-probe", ProbeSql));
            for (var i = 1; i < settings.LiveQueries; i++)
            {
                ids.Add(await CreateAsync(api, $"bench-{i}", QueryCost.Queries[(i - 1) % QueryCost.Queries.Count]));
            }
            await using var probe = await SseQueryResultReader.ConnectAsync(sseHttp, system.GatewayUrl, ids[0]);
            // Unmeasured: every router learns the queries from their topic on its own, and the first windows are made.
            await RunAsync(latency, clients, sseHttp, rate, -1, "warm");
            var with = new List<EndToEndLatency.RunResult>();
            var results = new List<QueryResultRun>();
            for (var run = 0; run < settings.Runs; run++)
            {
                await SettleAsync(probe);
                probe.TakeSinceEmitted();
                var baseline = probe.LatestCount;
                var since = Stopwatch.GetTimestamp();
                var result = await RunAsync(latency, clients, sseHttp, rate, run, $"q{settings.LiveQueries}");
                with.Add(result);
                results.Add(await MeasureResultsAsync(probe, result.SentAt, baseline, since));
                Console.WriteLine($"  query results: p50 {Stats.N1(results[^1].P50)} ms, p99 {Stats.N1(results[^1].P99)} ms, counted {results[^1].Counted:P2}, "
                    + $"emission → browser p50 {Stats.N1(results[^1].SinceEmittedP50)} ms");
            }
            var statuses = await StatusesAsync(api, ids);
            return Report(rate, without, with, results, statuses);
        }
        finally
        {
            foreach (var id in ids)
            {
                using var delete = new HttpRequestMessage(HttpMethod.Delete, $"/api/queries/{id}");
                delete.Headers.Add("X-Operator-Secret", system.OperatorSecret);
                using var _ = await api.SendAsync(delete);
            }
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    private async Task<EndToEndLatency.RunResult> RunAsync(EndToEndLatency latency, List<SseTweetScanner> clients, HttpClient sseHttp,
        int rate, int run, string label)
    {
        await SseTweetScanner.ReconnectEndedAsync(clients, sseHttp, new Uri(system.GatewayUrl, "/api/updates"));
        await Backlog.WaitUntilWorkedOffAsync(system, TimeSpan.FromMinutes(3));
        var running = latency.RunOnceAsync(clients, rate, $"lq{label}r{run}-{Guid.NewGuid():N}"[..24] + "-");
        var lags = await GroupProgress.MaxLagsWhileAsync(system.KafkaBootstrapServers, Stages, running);
        var result = await running;
        Console.WriteLine($"  {label} queries, run {run}: sent {Stats.N0(result.SentPerSecond)}/s, tweet p50 {Stats.N1(result.P50)} ms, "
            + $"p99 {Stats.N1(result.P99)} ms, delivered {result.Delivered:P2}; largest lag: router {lags[0]:N0}, tasks {lags[1]:N0}");
        return result;
    }

    private async Task<string> CreateAsync(HttpClient api, string name, string sql)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/queries") { Content = JsonContent.Create(new { name, sql }) };
        request.Headers.Add("X-Operator-Secret", system.OperatorSecret);
        using var response = await api.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"Creating live query {name} answered {(int)response.StatusCode}: {body}");
        }
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>Waits until the probe's count has stopped moving (the last run's tweets all counted and emitted), at most 10 s.</summary>
    private static async Task SettleAsync(SseQueryResultReader probe)
    {
        var deadline = Stopwatch.GetTimestamp() + 10 * Stopwatch.Frequency;
        var last = probe.LatestCount;
        var stableSince = Stopwatch.GetTimestamp();
        while (Stopwatch.GetTimestamp() < deadline && Stopwatch.GetElapsedTime(stableSince) < TimeSpan.FromSeconds(1.5))
        {
            await Task.Delay(100);
            if (probe.LatestCount != last)
            {
                (last, stableSince) = (probe.LatestCount, Stopwatch.GetTimestamp());
            }
        }
    }

    /// <param name="Counted">How many of the run's tweets the probe's last result counted, of those sent.</param>
    /// <param name="SinceEmittedP50">Of the latency, the part from the result's emission in analytics to the browser (median).</param>
    private sealed record QueryResultRun(double P50, double P90, double P99, double Max, double Counted, double SinceEmittedP50);

    /// <summary>
    /// Tweet n (in sending order) is taken as shown when a result first counts n + 1 of the run's tweets; its latency is that
    /// result's arrival − the moment n was sent. Tweets take different partitions, so this is the latency of "as many tweets
    /// as had been sent by then", not of one tweet in particular.
    /// </summary>
    private static async Task<QueryResultRun> MeasureResultsAsync(SseQueryResultReader probe, long[] sentAt, long baseline, long since)
    {
        var deadline = Stopwatch.GetTimestamp() + 15 * Stopwatch.Frequency;
        while (probe.LatestCount - baseline < sentAt.Length && Stopwatch.GetTimestamp() < deadline && !probe.Ended)
        {
            await Task.Delay(100);
        }
        var arrivals = probe.ArrivalsSince(since);
        var latencies = new List<double>(sentAt.Length);
        var next = 0;
        for (var n = 0; n < sentAt.Length; n++)
        {
            while (next < arrivals.Count && arrivals[next].Count - baseline < n + 1)
            {
                next++;
            }
            if (next == arrivals.Count)
            {
                break;
            }
            latencies.Add(Math.Max(0, (arrivals[next].Tick - sentAt[n]) * 1000.0 / Stopwatch.Frequency));
        }
        latencies.Sort();
        var sinceEmitted = probe.TakeSinceEmitted().Order().ToList();
        return new QueryResultRun(Stats.Percentile(latencies, 50), Stats.Percentile(latencies, 90), Stats.Percentile(latencies, 99),
            latencies.Count == 0 ? double.NaN : latencies[^1], (probe.LatestCount - baseline) / (double)sentAt.Length, Stats.Percentile(sinceEmitted, 50));
    }

    private async Task<string> StatusesAsync(HttpClient api, List<string> ids)
    {
        using var list = JsonDocument.Parse(await api.GetStringAsync("/api/queries"));
        var ours = list.RootElement.EnumerateArray().Where(q => ids.Contains(q.GetProperty("id").GetString()!)).ToList();
        return string.Join(", ", ours.GroupBy(q => q.GetProperty("status").GetString()).Select(g => $"{g.Count()} {g.Key}"));
    }

    private string Report(int rate, List<EndToEndLatency.RunResult> without, List<EndToEndLatency.RunResult> with,
        List<QueryResultRun> results, string statuses)
    {
        static string Median<T>(IEnumerable<T> runs, Func<T, double> pick) => Stats.N1(Stats.Spread(runs.Select(pick)).Median);
        static string Row(string label, List<EndToEndLatency.RunResult> runs) =>
            $"| {label} | {Median(runs, r => r.SentPerSecond)} | {Median(runs, r => r.P50)} | {Median(runs, r => r.P90)} | {Median(runs, r => r.P99)} "
            + $"| {Stats.N1(runs.Min(r => r.P99))}–{Stats.N1(runs.Max(r => r.P99))} | {Median(runs, r => r.Max)} | {runs.Min(r => r.Delivered):P2} |";
        var p99Ratio = Stats.Spread(with.Select(r => r.P99)).Median / Stats.Spread(without.Select(r => r.P99)).Median;
        var p50Ratio = Stats.Spread(with.Select(r => r.P50)).Median / Stats.Spread(without.Select(r => r.P50)).Median;
        return $"""
            ## Live queries: tweet → browser with queries running, and a result's latency

            Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {MarkdownReport.Machine()}; everything on this machine. As the end-to-end
            latency above ({settings.LatencyClients} SSE clients on `/api/updates`, `POST /api/tweets` through the gateway at {rate:N0}/s for
            {settings.Duration.TotalSeconds:N0} s, {settings.Runs} runs each, medians), after an unmeasured run, first with no live query, then with
            {settings.LiveQueries} created through `POST /api/queries`: one probe (`{ProbeSql}`) and the README's examples and variants (windowed counts,
            hopping TOPK per conference, per-author groups, COUNT_DISTINCT), all reading every tweet. An unmeasured run comes between.
            At the end the queries were: {statuses}.

            A browser following the probe (`/api/updates?only=queries&query=…`) gets its `query-result` events; a run's tweet n counts
            as shown when a result first counts n + 1 of the run's tweets, and its latency is that result's arrival − the moment tweet n
            was sent. Results go out at most every `Analytics:EmitInterval` (250 ms), so that wait is part of it.

            Command: `{settings.Command}`

            | live queries | sent/s | tweet p50 ms | p90 ms | p99 ms | p99 spread | max ms | delivered (worst run) |
            |---|---|---|---|---|---|---|---|
            {Row("0", without)}
            {Row(settings.LiveQueries.ToString(System.Globalization.CultureInfo.InvariantCulture), with)}

            With {settings.LiveQueries} queries ÷ without: p50 {Stats.N1(p50Ratio)}×, p99 {Stats.N1(p99Ratio)}×.

            | query result (tweet → browser) | p50 ms | p90 ms | p99 ms | max ms | tweets counted (worst run) | of it, emission → browser (p50) |
            |---|---|---|---|---|---|---|
            | probe, {settings.LiveQueries} queries running | {Median(results, r => r.P50)} | {Median(results, r => r.P90)} | {Median(results, r => r.P99)} | {Median(results, r => r.Max)} | {results.Min(r => r.Counted):P2} | {Median(results, r => r.SinceEmittedP50)} |

            CPU by process (percent of one core; middle run): without queries {without[without.Count / 2].SystemCpu}; with {with[with.Count / 2].SystemCpu}.

            """;
    }
}
