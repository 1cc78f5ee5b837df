using TweetPlatform.Benchmark;
using TweetPlatform.Hosting;

// One command, seven measurements (ingest, end-to-end latency, fan-out, live queries, analytics and cold start of the
// running system; the live-query engine in-process), each written as a section of docs/benchmarks.md with the machine and this command.
if (args is [SseFloorServer.Argument])
{
    return await SseFloorServer.RunAsync();
}
var phases = new List<string> { "ingest", "latency", "fanout", "livequeries", "analytics", "coldstart", "queries" };
var quick = args.Contains("--quick");
var output = Path.Combine(RepositoryLayout.Root, "docs", "benchmarks.md");
IReadOnlyList<int>? rates = null;
IReadOnlyList<int>? clients = null;
int? fanOutRate = null;
int? liveQueries = null;
int? runs = null;
var analyticsInstances = 1;
int? fetchWaitMs = null;
int? idleHoldSeconds = null;
var serviceEnvironment = new Dictionary<string, string>();
static IReadOnlyList<int> Numbers(string list) =>
    [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(int.Parse)];
static int Number(string text) => int.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--phases" when i + 1 < args.Length:
            phases = [.. args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
            break;
        case "--output" when i + 1 < args.Length:
            output = Path.GetFullPath(args[++i]);
            break;
        case "--quick":
            break;
        // One figure alone, e.g. to profile it: --rates 1000 (latency), --clients 10000 (fan-out), --fanout-rate 100 (its events/s).
        case "--rates" when i + 1 < args.Length:
            rates = Numbers(args[++i]);
            break;
        case "--clients" when i + 1 < args.Length:
            clients = Numbers(args[++i]);
            break;
        case "--fanout-rate" when i + 1 < args.Length:
            fanOutRate = Number(args[++i]);
            break;
        case "--analytics" when i + 1 < args.Length:
            analyticsInstances = Number(args[++i]);
            break;
        case "--runs" when i + 1 < args.Length:
            runs = Number(args[++i]);
            break;
        case "--live-queries" when i + 1 < args.Length:
            liveQueries = Number(args[++i]);
            break;
        // The push gateway's fetch wait, the embedded broker's latency floor (see docs/benchmarks.md).
        case "--fetch-wait-ms" when i + 1 < args.Length:
            fetchWaitMs = Number(args[++i]);
            break;
        // Fan-out keeps its clients connected and idle this long after measuring memory, for a heap dump or a profile.
        case "--idle-hold-seconds" when i + 1 < args.Length:
            idleHoldSeconds = Number(args[++i]);
            break;
        // An environment variable for every service, e.g. to try a runtime setting: --env DOTNET_TieredPGO=0.
        case "--env" when i + 1 < args.Length && args[i + 1].Contains('='):
            var (key, value) = (args[++i].Split('=', 2)[0], args[i].Split('=', 2)[1]);
            serviceEnvironment[key] = value;
            break;
        default:
            Console.Error.WriteLine($"Unknown argument '{args[i]}'. Usage: dotnet run -c Release --project tools/Benchmark -- "
                + "[--phases ingest,latency,fanout,livequeries,analytics,coldstart,queries] [--rates 100,1000] [--clients 1000,10000] [--fanout-rate 10] [--live-queries 20] [--runs 3] [--analytics 1] [--fetch-wait-ms 20] [--idle-hold-seconds 60] [--env KEY=VALUE] [--quick] [--output docs/benchmarks.md]");
            return 2;
    }
}
#if DEBUG
Console.Error.WriteLine("Measure a Release build: dotnet run -c Release --project tools/Benchmark");
#endif

var command = "dotnet run -c Release --project tools/Benchmark" + (args.Length > 0 ? " -- " + string.Join(' ', args) : "");
var settings = quick
    ? new BenchmarkSettings
    {
        Command = command, Runs = 1, Duration = TimeSpan.FromSeconds(3), LatencyClients = 10, LatencyRates = [100, 1_000],
        FanOutClients = [200], AnalyticsTweets = 5_000, QueryCostTweets = 2_000,
    }
    : new BenchmarkSettings { Command = command };
settings = settings with
{
    LatencyRates = rates ?? settings.LatencyRates,
    FanOutClients = clients ?? settings.FanOutClients,
    FanOutEventsPerSecond = fanOutRate ?? settings.FanOutEventsPerSecond,
    LiveQueries = liveQueries ?? settings.LiveQueries,
    Runs = runs ?? settings.Runs,
    FanOutIdleHold = TimeSpan.FromSeconds(idleHoldSeconds ?? 0),
};

if (phases.Any(p => p is "ingest" or "latency" or "fanout" or "livequeries"))
{
    Console.WriteLine("Starting the system (embedded Kafka, services, gateway)...");
    await using var system = await BenchmarkSystem.StartAsync(pushGatewayFetchWaitMs: fetchWaitMs, environment: serviceEnvironment, analytics: analyticsInstances);
    if (phases.Contains("latency"))
    {
        Console.WriteLine("End-to-end latency:");
        Console.WriteLine($"  (waited {(await Backlog.WaitUntilWorkedOffAsync(system, TimeSpan.FromMinutes(3))).TotalSeconds:N0} s for the services to work off earlier load)");
        MarkdownReport.WriteSection(output, "## End-to-end latency (webhook → browser, through the gateway)", await new EndToEndLatency(system, settings).RunAsync());
    }
    if (phases.Contains("fanout"))
    {
        Console.WriteLine("Fan-out:");
        Console.WriteLine($"  (waited {(await Backlog.WaitUntilWorkedOffAsync(system, TimeSpan.FromMinutes(3))).TotalSeconds:N0} s for the services to work off earlier load)");
        MarkdownReport.WriteSection(output, "## Fan-out (SSE clients per push-gateway instance)", await new FanOut(system, settings).RunAsync());
    }
    if (phases.Contains("livequeries"))
    {
        Console.WriteLine("Live queries, end to end:");
        MarkdownReport.WriteSection(output, "## Live queries: tweet → browser with queries running, and a result's latency",
            await new LiveQueryLatency(system, settings).RunAsync());
    }
    // Last: its pipelined producer and batches leave the biggest backlog.
    if (phases.Contains("ingest"))
    {
        Console.WriteLine("Ingest throughput:");
        MarkdownReport.WriteSection(output, "## Ingest throughput", await new IngestThroughput(system, settings).RunAsync());
    }
}
if (phases.Contains("coldstart"))
{
    Console.WriteLine("Cold start:");
    MarkdownReport.WriteSection(output, "## Cold start (webhook → browser in the first seconds after the platform reports healthy)", await new ColdStart(settings, serviceEnvironment).RunAsync());
}
if (phases.Contains("queries"))
{
    Console.WriteLine("Live queries, cost per tweet:");
    MarkdownReport.WriteSection(output, "## Live queries: the engine's cost per tweet", new QueryCost(settings).Run());
}
if (phases.Contains("analytics"))
{
    Console.WriteLine("Analytics throughput:");
    MarkdownReport.WriteSection(output, "## Analytics throughput", await new AnalyticsThroughput(settings).RunAsync());
}
Console.WriteLine($"Written to {output}");
return 0;
