using System.Diagnostics;
using System.Net;
using System.Text;
using Confluent.Kafka;
using TweetPlatform.Contracts;
using TweetPlatform.Contracts.Events;
using TweetPlatform.AppHost.Settings;
using TweetPlatform.Hosting;

namespace TweetPlatform.Benchmark;

/// <summary>
/// Tweets accepted per second: single-tweet requests over keep-alive connections through the gateway
/// and straight to ingest, batch requests, and the raw Confluent.Kafka producer with the same event
/// into the same broker (pipelined, and awaited per message like ingest does). Each figure: several
/// runs, median and spread.
/// </summary>
public sealed class IngestThroughput(RunningPlatform system, BenchmarkSettings settings)
{
    private const string Text = "Benchmark tweet about #kafka and #streams at #javaone, with a bit more text to be realistic";
    // The raw producer writes to a topic nobody reads: a million raw events on tweets.v1 would leave every
    // service minutes of backlog. Same broker, same event, same producer settings.
    private const string RawTopic = "benchmark.raw-tweets";
    private long _sequence;

    public async Task<string> RunAsync()
    {
        var gateway = new Uri(system.GatewayUrl, "/api/tweets");
        var direct = new Uri(system.ServiceUrl(ResourceNames.Ingest), "/api/tweets");
        var batchUrl = new Uri(system.GatewayUrl, "/api/tweets/batch");
        var rows = new List<(string Name, List<double> Rates, List<double> Cpu)>();

        async Task Measure(string name, Func<TimeSpan, Task<double>> once)
        {
            await Backlog.WaitUntilWorkedOffAsync(system, TimeSpan.FromMinutes(3));
            await once(TimeSpan.FromSeconds(5)); // warm-up: JIT and tiering in every process, connections, producer
            var rates = new List<double>();
            var cpu = new List<double>();
            for (var run = 0; run < settings.Runs; run++)
            {
                var meter = new LoadGeneratorCpu();
                rates.Add(await once(settings.Duration));
                cpu.Add(meter.PercentOfOneCore());
            }
            rows.Add((name, rates, cpu));
            Console.WriteLine($"  {name}: {Stats.Runs(rates)} tweets/s (load generator {Stats.N0(cpu.Average())} % of a core)");
        }

        await Measure("ingest direct, single tweets", d => HttpAsync(direct, settings.Connections, d, batch: 1));
        await Measure("gateway, single tweets", d => HttpAsync(gateway, settings.Connections, d, batch: 1));
        await Measure("raw producer, awaited per message", d => RawAwaitedAsync(settings.Connections, d));
        await Measure("raw producer, pipelined", RawPipelinedAsync);
        await Measure($"gateway, batches of {settings.BatchSize}", d => HttpAsync(batchUrl, 8, d, batch: settings.BatchSize));

        double Median(int row) => Stats.Spread(rows[row].Rates).Median;
        var table = string.Join("\n", rows.Select(r => $"| {r.Name} | {Stats.Runs(r.Rates)} | {Stats.N0(r.Cpu.Average())} % |"));
        return $"""
            ## Ingest throughput

            Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {MarkdownReport.Machine()}; everything (embedded broker, services,
            gateway, load generator) on this machine. Release build, warnings-only logs, no trace export, gateway rate limits off.
            Single-tweet requests: {settings.Connections} HTTP/1.1 keep-alive connections each sending `POST /api/tweets` (a
            {Encoding.UTF8.GetByteCount(Body(0))}-byte JSON tweet, a new id each) back to back; counted are `202` answers (Kafka has acked:
            acks=all, idempotent producer). Raw producer: Confluent.Kafka with ingest's settings, the same `TweetReceived` event, to
            a topic of the same broker that no service reads (so it leaves no backlog). Before each figure the services have worked off
            the previous one's tweets. {settings.Runs} runs of {settings.Duration.TotalSeconds:N0} s after a 5 s warm-up; median (min–max).

            Command: `{settings.Command}`

            | tweets/s | median (min–max) | load generator CPU |
            |---|---|---|
            {table}

            Ratios (medians): gateway / direct = {Median(1) / Median(0):P0}; direct / raw awaited = {Median(0) / Median(2):P0};
            direct / raw pipelined = {Median(0) / Median(3):P0}; batch / single through the gateway = {Median(4) / Median(1):N1}×.

            """;
    }

    private string Body(long n) =>
        $"{{\"id\":\"bench-{n}\",\"text\":\"{Text}\",\"author\":\"bench\",\"language\":\"en\"}}";

    private async Task<double> HttpAsync(Uri url, int connections, TimeSpan duration, int batch)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            DefaultRequestVersion = HttpVersion.Version11,
            Timeout = TimeSpan.FromSeconds(30),
        };
        long accepted = 0, refused = 0;
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, connections).Select(async _ =>
        {
            while (Stopwatch.GetTimestamp() < deadline)
            {
                var body = batch == 1 ? Body(Interlocked.Increment(ref _sequence))
                    : "[" + string.Join(",", Enumerable.Range(0, batch).Select(_ => Body(Interlocked.Increment(ref _sequence)))) + "]";
                using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                request.Headers.Add("X-Webhook-Secret", system.WebhookSecret);
                using var response = await http.SendAsync(request);
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    Interlocked.Add(ref accepted, batch);
                }
                else if (Interlocked.Increment(ref refused) == 1)
                {
                    Console.Error.WriteLine($"  refused: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
            }
        }));
        return accepted / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private byte[] Event(long n) => IntegrationEvents.TweetReceived.Serialize(new TweetReceived
    {
        TweetId = $"raw-{n}", Text = Text, Author = "bench", Hashtags = ["kafka", "streams", "javaone"], Conference = "javaone",
        CreatedAt = DateTimeOffset.UtcNow, ReceivedAt = DateTimeOffset.UtcNow, Language = "en", Source = "api",
    });

    private IProducer<string, byte[]> Producer() => new ProducerBuilder<string, byte[]>(new ProducerConfig
    {
        BootstrapServers = system.KafkaBootstrapServers, Acks = Acks.All, EnableIdempotence = true, LingerMs = 2,
        Partitioner = Partitioner.Murmur2Random,
    }).Build();

    private async Task<double> RawAwaitedAsync(int concurrency, TimeSpan duration)
    {
        using var producer = Producer();
        long stored = 0;
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (Stopwatch.GetTimestamp() < deadline)
            {
                var n = Interlocked.Increment(ref _sequence);
                await producer.ProduceAsync(RawTopic, new Message<string, byte[]> { Key = $"raw-{n}", Value = Event(n) });
                Interlocked.Increment(ref stored);
            }
        }));
        return stored / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private Task<double> RawPipelinedAsync(TimeSpan duration) => Task.Run(() =>
    {
        using var producer = Producer();
        long stored = 0;
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetTimestamp() < deadline)
        {
            var n = Interlocked.Increment(ref _sequence);
            try
            {
                producer.Produce(RawTopic, new Message<string, byte[]> { Key = $"raw-{n}", Value = Event(n) }, report =>
                {
                    if (report.Error.Code == ErrorCode.NoError)
                    {
                        Interlocked.Increment(ref stored);
                    }
                });
            }
            catch (ProduceException<string, byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
            {
                producer.Poll(TimeSpan.FromMilliseconds(10));
            }
        }
        producer.Flush(TimeSpan.FromSeconds(30));
        return stored / Stopwatch.GetElapsedTime(started).TotalSeconds;
    });
}
