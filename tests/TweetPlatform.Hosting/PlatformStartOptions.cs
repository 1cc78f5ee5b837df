namespace TweetPlatform.Hosting;

/// <summary>How a test or the benchmark starts the AppHost's model: its settings and per-resource environment on top.</summary>
public sealed class PlatformStartOptions
{
    /// <summary>The AppHost's own settings as configuration keys (e.g. <c>TweetPlatform:Replicas:Analytics</c>).</summary>
    public Dictionary<string, string> Settings { get; } = new(StringComparer.Ordinal)
    {
        // Any free port: tests and a developer's own run may share the machine.
        ["TweetPlatform:Gateway:Port"] = "0",
        // Callers post exactly what they check; the simulator is tested on its own.
        ["TweetPlatform:Simulator:Enabled"] = "false",
        // Every run on an empty broker of its own (a developer's data, or another test run, is not touched).
        ["TweetPlatform:Kafka:StartEmpty"] = "true",
        ["TweetPlatform:Kafka:DataPath"] = Path.Combine(Path.GetTempPath(), "tweetplatform-tests", "kafka-" + Guid.NewGuid().ToString("N")),
    };

    /// <summary>The embedded broker's data directory of this run (deleted when the platform stops, unless <see cref="KeepKafkaData"/>).</summary>
    public string KafkaDataPath
    {
        get => Settings["TweetPlatform:Kafka:DataPath"];
        set => Settings["TweetPlatform:Kafka:DataPath"] = value;
    }

    /// <summary>Leave the broker's data for a later run (a restart test); that run sets <c>Kafka:StartEmpty</c> to false.</summary>
    public bool KeepKafkaData { get; set; }

    /// <summary>Extra environment for every service.</summary>
    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    /// <summary>Extra environment per resource name (<c>ResourceNames</c> of the AppHost).</summary>
    public Dictionary<string, Dictionary<string, string>> ResourceEnvironment { get; } = new(StringComparer.Ordinal);

    /// <summary>Runs the Aspire dashboard too (its telemetry API and UI), as <c>dotnet run --project AppHost</c> does.</summary>
    public bool Dashboard { get; set; }

    /// <summary>Where every resource's log lines go (prefixed with the resource).</summary>
    public Action<string> Output { get; set; } = _ => { };

    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>Sets one AppHost setting (<c>TweetPlatform:</c> is prefixed).</summary>
    public PlatformStartOptions With(string key, object value)
    {
        Settings[$"TweetPlatform:{key}"] = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!;
        return this;
    }

    /// <summary>Sets one environment variable of one resource.</summary>
    public PlatformStartOptions WithEnvironment(string resource, string key, string value)
    {
        if (!ResourceEnvironment.TryGetValue(resource, out var environment))
        {
            ResourceEnvironment[resource] = environment = new(StringComparer.Ordinal);
        }
        environment[key] = value;
        return this;
    }
}
