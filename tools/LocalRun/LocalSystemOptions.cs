namespace TweetPlatform.LocalRun;

/// <summary>How to start the whole system locally.</summary>
public sealed class LocalSystemOptions
{
    /// <summary>The public port of the gateway; 0 picks a free one.</summary>
    public int GatewayPort { get; set; } = 8080;

    /// <summary>The address everything binds to.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>The webhook secret; generated when null.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>Extra environment for every process (e.g. OTEL_EXPORTER_OTLP_ENDPOINT).</summary>
    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    /// <summary>Extra environment per service name (<see cref="ServiceNames"/>).</summary>
    public Dictionary<string, Dictionary<string, string>> ServiceEnvironment { get; } = new(StringComparer.Ordinal);

    /// <summary>Where each process's output lines go (prefixed with the service name).</summary>
    public Action<string> Output { get; set; } = Console.WriteLine;

    /// <summary>Push-gateway instances behind the gateway (browsers may reconnect to any of them and resume).</summary>
    public int PushGatewayInstances { get; set; } = 2;

    /// <summary>Start the tweet simulator (tools/Simulator) once the gateway is up, so the dashboard moves at once.</summary>
    public bool StartSimulator { get; set; } = true;

    /// <summary>Extra simulator flags (e.g. <c>--rate 10</c>); the gateway URL and webhook secret are passed already.</summary>
    public List<string> SimulatorArguments { get; } = [];

    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(90);
}

/// <summary>The process names the runner uses (also their OTEL_SERVICE_NAME).</summary>
public static class ServiceNames
{
    public const string Kafka = "kafka";
    public const string Ingest = "ingest";
    public const string PushGateway = "push-gateway";
    public const string LikeTracking = "like-tracking";
    public const string Analytics = "analytics";
    public const string Gateway = "gateway";
    public const string Simulator = "simulator";
}
