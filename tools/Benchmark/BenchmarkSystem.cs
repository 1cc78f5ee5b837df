using TweetPlatform.LocalRun;

namespace TweetPlatform.Benchmark;

/// <summary>
/// The system as the local run starts it (embedded broker, every service and the gateway, each its own
/// process), tuned for measuring: no simulator, no trace export, warnings-only logs, and no rate limits
/// or per-address stream caps (the load comes from one address).
/// </summary>
public static class BenchmarkSystem
{
    public static Task<LocalSystem> StartAsync(int pushGateways = 1)
    {
        var options = new LocalSystemOptions
        {
            GatewayPort = 0,
            StartSimulator = false,
            PushGatewayInstances = pushGateways,
            Output = _ => { },
        };
        options.Environment["Logging__LogLevel__Default"] = "Warning";
        options.ServiceEnvironment[ServiceNames.Gateway] = new()
        {
            ["Gateway__RateLimits__Ingest__TokensPerSecond"] = "0",
            ["Gateway__RateLimits__Updates__TokensPerSecond"] = "0",
            ["Gateway__RateLimits__Likes__TokensPerSecond"] = "0",
        };
        options.ServiceEnvironment[ServiceNames.PushGateway] = new()
        {
            ["PushGateway__MaxConnections"] = "100000",
            ["PushGateway__MaxConnectionsPerAddress"] = "100000",
        };
        return LocalSystem.StartAsync(options);
    }
}
