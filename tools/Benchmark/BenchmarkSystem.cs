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
    public static Task<RunningPlatform> StartAsync(int pushGateways = 1)
    {
        var options = new PlatformStartOptions().With("Replicas:PushGateway", pushGateways);
        options.Environment["Logging__LogLevel__Default"] = "Warning";
        options.WithEnvironment(ResourceNames.Gateway, "Gateway__RateLimits__Ingest__TokensPerSecond", "0")
            .WithEnvironment(ResourceNames.Gateway, "Gateway__RateLimits__Updates__TokensPerSecond", "0")
            .WithEnvironment(ResourceNames.Gateway, "Gateway__RateLimits__Likes__TokensPerSecond", "0")
            .WithEnvironment(ResourceNames.PushGateway, "PushGateway__MaxConnections", "100000")
            .WithEnvironment(ResourceNames.PushGateway, "PushGateway__MaxConnectionsPerAddress", "100000");
        return RunningPlatform.StartAsync(options);
    }
}
