using System.Runtime.InteropServices;
using TweetPlatform.LocalRun;

// The whole platform without Docker: embedded Kafka, every service, the gateway. Ctrl+C stops all.
var options = new LocalSystemOptions();
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--port" when i + 1 < args.Length && int.TryParse(args[i + 1], out var port):
            options.GatewayPort = port;
            i++;
            break;
        case "--webhook-secret" when i + 1 < args.Length:
            options.WebhookSecret = args[++i];
            break;
        case "--push-gateways" when i + 1 < args.Length && int.TryParse(args[i + 1], out var instances) && instances is >= 1 and <= 8:
            options.PushGatewayInstances = instances;
            i++;
            break;
        case "--no-simulator":
            options.StartSimulator = false;
            break;
        case "--simulator-rate" when i + 1 < args.Length && double.TryParse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture, out var rate) && rate > 0:
            options.SimulatorArguments.AddRange(["--rate", args[++i]]);
            break;
        case "--quiet":
            options.Output = _ => { };
            break;
        case "-h" or "--help":
            Console.WriteLine("Usage: dotnet run --project tools/LocalRun [-- --port 8080] [--webhook-secret S] [--push-gateways 1-8 (default 2)] [--no-simulator] [--simulator-rate tweets/s (default 3)] [--quiet]");
            return 0;
        default:
            Console.Error.WriteLine($"Unknown argument '{args[i]}'; see --help.");
            return 2;
    }
}
options.WebhookSecret ??= Environment.GetEnvironmentVariable("TWEETPLATFORM_WEBHOOK_SECRET") is { Length: > 0 } fromEnv ? fromEnv : null;

using var stopping = new CancellationTokenSource();
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stopping.Cancel(); });
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stopping.Cancel(); });

var leftovers = LeftoverProcesses.StopPrevious();
if (leftovers > 0)
{
    Console.WriteLine($"Stopped {leftovers} process(es) left behind by a previous run that was killed.");
}

LocalSystem system;
try
{
    Console.WriteLine($"Starting TweetPlatform (embedded Kafka, ingest, {options.PushGatewayInstances} push-gateway(s), like-tracking, analytics, gateway{(options.StartSimulator ? ", simulator" : "")})...");
    system = await LocalSystem.StartAsync(options, stopping.Token);
}
catch (OperationCanceledException)
{
    return 130;
}
catch (Exception ex)
{
    Console.Error.WriteLine($"Could not start: {ex.Message}");
    return 1;
}

await using (system)
{
    var url = system.GatewayUrl.ToString().TrimEnd('/');
    Console.WriteLine();
    Console.WriteLine($"  TweetPlatform is running: open {url}");
    Console.WriteLine($"  Webhook secret (this run): {system.WebhookSecret}");
    Console.WriteLine($"  Post a tweet:  curl -H 'Content-Type: application/json' -H 'X-Webhook-Secret: {system.WebhookSecret}' \\");
    Console.WriteLine($"                   -d '{{\"text\":\"Hello #javaone\",\"author\":\"me\"}}' {url}/api/tweets");
    Console.WriteLine($"  Kafka (embedded): {system.KafkaBootstrapServers}");
    Console.WriteLine("  Ctrl+C stops everything.");
    Console.WriteLine();

    // Stop on Ctrl+C, or when any process dies (then the system is incomplete: say which and stop).
    var processes = system.AllProcesses;
    LeftoverProcesses.Record(processes.Select(process => process.Id));
    var exits = processes.Select(async process => { await process.WaitForExitAsync(stopping.Token); return process; }).ToList();
    try
    {
        var died = await await Task.WhenAny(exits);
        Console.Error.WriteLine($"{died.Name} exited unexpectedly (code {died.ExitCode}); stopping everything.");
        await system.DisposeAsync();
        LeftoverProcesses.Clear();
        return 1;
    }
    catch (OperationCanceledException)
    {
        Console.WriteLine("Stopping...");
    }
}
LeftoverProcesses.Clear();
Console.WriteLine("Stopped.");
return 0;
