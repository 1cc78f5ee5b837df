using TweetPlatform.IntegrationTests.Tracing;
using TweetPlatform.AppHost.Settings;
using TweetPlatform.Hosting;

namespace TweetPlatform.IntegrationTests.Infrastructure;

/// <summary>
/// The whole platform started through the AppHost (Aspire.Hosting.Testing: embedded broker, every service
/// and the gateway as separate processes under DCP), exporting traces to an in-test OTLP collector.
/// </summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _log = new();

    public RunningPlatform System { get; private set; } = null!;
    public OtlpTraceCollector Traces { get; private set; } = null!;
    public Uri Gateway => System.GatewayUrl;
    public string WebhookSecret => System.WebhookSecret;

    /// <summary>The keep-alive interval the push gateway runs with here (short, so a test can observe it).</summary>
    public static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(1);

    /// <summary>Tweets in a push-gateway snapshot here.</summary>
    public const int SnapshotTweets = 1_000;

    /// <summary>Analytics raises an alert above this many tweets per conference and minute here.</summary>
    public const int AlertThreshold = 5;

    public string RecentLog => string.Join(Environment.NewLine, _log.TakeLast(200));

    public async Task InitializeAsync()
    {
        Traces = await OtlpTraceCollector.StartAsync();
        var options = new PlatformStartOptions
        {
            Output = line =>
            {
                _log.Enqueue(line);
                while (_log.Count > 2_000 && _log.TryDequeue(out _))
                {
                }
            },
        };
        // Two of every scaled service (push-gateway has two by default): the scale-out, resume and kill
        // tests use them.
        options.With("Replicas:LikeTracking", 2).With("Replicas:Analytics", 2);
        // Our receiver, not the dashboard: Aspire.Hosting.Testing runs without it unless asked (see README, Tracing).
        options.Environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = Traces.Endpoint;
        options.Environment["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        // Export quickly so the trace test does not wait for the default 5 s batch.
        options.Environment["OTEL_BSP_SCHEDULE_DELAY"] = "200";
        // The load tests make many spans; a full export queue would drop the ones a trace test waits for.
        options.Environment["OTEL_BSP_MAX_QUEUE_SIZE"] = "200000";
        options.Environment["OTEL_BSP_MAX_EXPORT_BATCH_SIZE"] = "4096";
        options.WithEnvironment(ResourceNames.PushGateway, "PushGateway__KeepAliveInterval", KeepAlive.ToString("c"))
            // Large enough that a snapshot holds every tweet of a test run (the tests connect with a conference filter).
            .WithEnvironment(ResourceNames.PushGateway, "PushGateway__SnapshotTweets", SnapshotTweets.ToString(global::System.Globalization.CultureInfo.InvariantCulture))
            // The load tests drive thousands of likes from one address and a hundred viewers; the limits
            // themselves are tested separately.
            .WithEnvironment(ResourceNames.Gateway, "Gateway__RateLimits__Likes__TokensPerSecond", "0")
            .WithEnvironment(ResourceNames.LikeTracking, "LikeTracking__ViewerTokensPerSecond", "0")
            .WithEnvironment(ResourceNames.Analytics, "Analytics__AlertThreshold", AlertThreshold.ToString(global::System.Globalization.CultureInfo.InvariantCulture))
            .WithEnvironment(ResourceNames.Analytics, "Analytics__EmitInterval", "00:00:00.100");
        System = await RunningPlatform.StartAsync(options);
    }

    public async Task DisposeAsync()
    {
        if (System is not null)
        {
            await System.DisposeAsync();
        }
        if (Traces is not null)
        {
            await Traces.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<PlatformFixture>
{
    public const string Name = "Platform";
}
