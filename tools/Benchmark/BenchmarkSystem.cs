using TweetPlatform.AppHost.Settings;
using TweetPlatform.Hosting;

namespace TweetPlatform.Benchmark;

/// <summary>
/// The system as users start it, through the AppHost's model (embedded broker, every service and the
/// gateway, each its own process under DCP), tuned for measuring: no simulator, no dashboard, warnings-only
/// logs, one push-gateway instance, and no rate limits or per-address stream caps (the load comes from one address).
/// </summary>
public static class BenchmarkSystem
{
    /// <param name="pushGatewayFetchWaitMs">
    /// The push gateway's fetch.wait.max.ms (its appsettings say 20): the embedded broker holds every fetch that long,
    /// so it is a floor under the latency there, not on real Kafka. Null keeps the configured value.
    /// </param>
    /// <param name="environment">More environment variables for every service (e.g. a runtime setting to try).</param>
    /// <param name="analytics">Analytics instances (the AppHost's default is one).</param>
    public static Task<RunningPlatform> StartAsync(int pushGateways = 1, int? pushGatewayFetchWaitMs = null,
        IReadOnlyDictionary<string, string>? environment = null, int analytics = 1)
    {
        var options = new PlatformStartOptions().With("Replicas:PushGateway", pushGateways).With("Replicas:Analytics", analytics);
        options.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            options.Environment[key] = value;
        }
        options.WithEnvironment(ResourceNames.Gateway, "Gateway__RateLimits__Ingest__TokensPerSecond", "0")
            .WithEnvironment(ResourceNames.Gateway, "Gateway__RateLimits__Updates__TokensPerSecond", "0")
            .WithEnvironment(ResourceNames.Gateway, "Gateway__RateLimits__Likes__TokensPerSecond", "0")
            .WithEnvironment(ResourceNames.Gateway, "Gateway__RateLimits__Queries__TokensPerSecond", "0")
            .WithEnvironment(ResourceNames.Analytics, "Analytics__QueryRequestBurst", "100")
            .WithEnvironment(ResourceNames.PushGateway, "PushGateway__MaxConnections", "100000")
            .WithEnvironment(ResourceNames.PushGateway, "PushGateway__MaxConnectionsPerAddress", "100000");
        if (pushGatewayFetchWaitMs is { } fetchWait)
        {
            options.WithEnvironment(ResourceNames.PushGateway, "Aspire__Confluent__Kafka__Consumer__Config__FetchWaitMaxMs",
                fetchWait.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        return RunningPlatform.StartAsync(options);
    }
}
