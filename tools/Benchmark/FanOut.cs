using System.Diagnostics;
using Confluent.Kafka;
using TweetPlatform.Contracts;
using TweetPlatform.Contracts.Events;
using TweetPlatform.AppHost.Settings;
using TweetPlatform.Hosting;

namespace TweetPlatform.Benchmark;

/// <summary>
/// How many concurrent SSE clients one push-gateway instance serves while every client gets every
/// event: N clients connect straight to the instance (each first gets its snapshot), idle memory per
/// connection is read from the instance's resident memory, then tweets flow at a fixed rate (produced
/// straight to Kafka, so ingest is not part of it) and each client's arrivals are checked.
/// </summary>
public sealed class FanOut(RunningPlatform system, BenchmarkSettings settings)
{
    public async Task<string> RunAsync()
    {
        var rows = new List<string>();
        var floorRows = new List<string>();
        foreach (var clients in settings.FanOutClients)
        {
            var (row, heapPerConnection) = await RunOnceAsync(clients);
            rows.Add(row);
            Console.WriteLine("  " + row);
            var floor = await FloorKilobytesPerConnectionAsync(clients);
            floorRows.Add($"| {clients:N0} | {heapPerConnection:N1} | {floor:N1} | {heapPerConnection / floor:N2} |");
            Console.WriteLine("  " + floorRows[^1]);
        }
        return $"""
            ## Fan-out (SSE clients per push-gateway instance)

            Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {MarkdownReport.Machine()}; everything on this machine, one push-gateway
            instance, clients connected straight to it (`/api/updates`, each first receiving its snapshot of the latest tweets).
            Memory per idle connection = growth of the instance's resident memory (VmRSS) with all clients connected and idle, divided
            by the clients; managed heap per idle connection = growth of its managed heap right after a full collection (read as
            `dotnet-gcdump` reads it), divided by the clients: what the connections keep alive, without the GC's slack (resident growth means little after the first row: later rows reuse
            memory the process already holds). Then {settings.FanOutEventsPerSecond} tweets/s for {settings.Duration.TotalSeconds:N0} s, produced straight to
            `tweets.v1`; delivery latency = arrival at a client − produce call, over every tweet and client.

            Command: `{settings.Command}`

            | clients | connect time s | KB per idle connection (resident) | KB per idle connection (managed heap) | got every event | p50 ms | p99 ms | max ms | load generator CPU |
            |---|---|---|---|---|---|---|---|---|
            {string.Join("\n", rows)}

            The framework's floor: the same idle clients on a bare ASP.NET Core endpoint (slim builder, no logging, no
            middleware; it writes one comment and holds the response open), its managed heap measured the same way, in a
            process of its own (`{SseFloorServer.Argument}`).

            | clients | push gateway, KB per idle connection (managed heap) | bare ASP.NET Core endpoint, KB | push gateway ÷ bare |
            |---|---|---|---|
            {string.Join("\n", floorRows)}

            """;
    }

    private async Task<(string Row, double HeapPerConnection)> RunOnceAsync(int count)
    {
        var replica = system.Replicas(ResourceNames.PushGateway)[0];
        var pushGateway = system.ServiceProcessId(replica);
        var url = new Uri(system.ReplicaUrl(replica), "/api/updates");
        using var http = NewHttpClient();
        var clients = new List<SseTweetScanner>(count);
        try
        {
            var (connectSeconds, perConnection, heapPerConnection) = await ConnectIdleAsync(pushGateway, http, url, clients, count);
            if (settings.FanOutIdleHold > TimeSpan.Zero)
            {
                Console.WriteLine($"  {count:N0} clients idle, holding {settings.FanOutIdleHold.TotalSeconds:N0} s (push gateway pid {pushGateway})"); // a mark for a heap dump
                await Task.Delay(settings.FanOutIdleHold);
            }
            var prefix = $"fan{count}-{Guid.NewGuid():N}"[..20] + "-";
            var events = (int)(settings.FanOutEventsPerSecond * settings.Duration.TotalSeconds);
            clients.ForEach(c => c.Expect(prefix, events));
            Console.WriteLine($"  {count:N0} clients connected and idle; sending {events:N0} tweets"); // also a mark for a profiler
            var meter = new LoadGeneratorCpu();
            var producedAt = await ProduceAsync(prefix, events);
            var waitUntil = Stopwatch.GetTimestamp() + 20 * Stopwatch.Frequency;
            while (clients.Any(c => c.ArrivedCount < events) && Stopwatch.GetTimestamp() < waitUntil)
            {
                await Task.Delay(100);
            }
            var cpu = meter.PercentOfOneCore();
            var complete = clients.Count(c => c.ArrivedCount == events);
            var latencies = Delivery.SortedLatencies(clients, producedAt);
            return ($"| {count:N0} | {connectSeconds:N1} | {perConnection:N1} | {heapPerConnection:N1} | {complete:N0} of {count:N0} | {Stats.N1(Stats.Percentile(latencies, 50))} "
                + $"| {Stats.N1(Stats.Percentile(latencies, 99))} | {Stats.N1(latencies.Count == 0 ? double.NaN : latencies[^1])} | {Stats.N0(cpu)} % |", heapPerConnection);
        }
        finally
        {
            await DisconnectAsync(clients);
        }
    }

    /// <summary>The same idle clients' managed heap per connection on a bare ASP.NET Core endpoint: the framework's share.</summary>
    private static async Task<double> FloorKilobytesPerConnectionAsync(int count)
    {
        var (floor, url) = await SseFloorServer.StartAsync();
        await using var _ = floor;
        var clients = new List<SseTweetScanner>(count);
        try
        {
            using var http = NewHttpClient();
            return (await ConnectIdleAsync(floor.Id, http, url, clients, count)).HeapKilobytes;
        }
        finally
        {
            await DisconnectAsync(clients);
        }
    }

    private static HttpClient NewHttpClient() =>
        new(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan }) { Timeout = Timeout.InfiniteTimeSpan };

    /// <summary>
    /// Connects <paramref name="count"/> clients into <paramref name="clients"/> and leaves them idle; the server's growth per
    /// connection in resident memory and in managed heap after a full collection, and how long connecting took.
    /// </summary>
    private static async Task<(double ConnectSeconds, double ResidentKilobytes, double HeapKilobytes)> ConnectIdleAsync(
        int server, HttpClient http, Uri url, List<SseTweetScanner> clients, int count)
    {
        var heapBefore = await ManagedHeap.AfterFullCollectionAsync(server, TimeSpan.FromSeconds(30));
        var residentBefore = ProcessTree.ResidentBytes(server);
        var connecting = Stopwatch.StartNew();
        for (var i = 0; i < count; i += 100)
        {
            clients.AddRange(await Task.WhenAll(Enumerable.Range(0, Math.Min(100, count - i)).Select(_ => SseTweetScanner.ConnectAsync(http, url))));
        }
        var connectSeconds = connecting.Elapsed.TotalSeconds;
        await Task.Delay(TimeSpan.FromSeconds(3)); // idle: snapshots written, buffers settled
        var resident = (ProcessTree.ResidentBytes(server) - residentBefore) / 1024.0 / count;
        var heap = (await ManagedHeap.AfterFullCollectionAsync(server, TimeSpan.FromSeconds(30)) - heapBefore) / 1024.0 / count;
        return (connectSeconds, resident, heap);
    }

    private static async Task DisconnectAsync(List<SseTweetScanner> clients)
    {
        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }
        await Task.Delay(TimeSpan.FromSeconds(3)); // let the server close them before the next step
    }

    private async Task<long[]> ProduceAsync(string prefix, int events)
    {
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig
        {
            BootstrapServers = system.KafkaBootstrapServers, Acks = Acks.All, EnableIdempotence = true, LingerMs = 0,
        }).Build();
        var producedAt = new long[events];
        var started = Stopwatch.GetTimestamp();
        for (var n = 0; n < events; n++)
        {
            await Delivery.WaitForTurnAsync(started, n, settings.FanOutEventsPerSecond);
            var tweet = new TweetReceived
            {
                TweetId = prefix + n, Text = "Fan-out probe #kafka at #javaone", Author = "bench", Hashtags = ["kafka", "javaone"],
                Conference = "javaone", CreatedAt = DateTimeOffset.UtcNow, ReceivedAt = DateTimeOffset.UtcNow, Source = "api",
            };
            producedAt[n] = Stopwatch.GetTimestamp();
            producer.Produce(Topics.Tweets, new Message<string, byte[]> { Key = tweet.TweetId, Value = IntegrationEvents.TweetReceived.Serialize(tweet) });
        }
        producer.Flush(TimeSpan.FromSeconds(30));
        return producedAt;
    }
}
