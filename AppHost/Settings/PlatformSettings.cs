using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;

namespace TweetPlatform.AppHost.Settings;

/// <summary>
/// The AppHost's own settings (section <c>TweetPlatform</c>: appsettings.json, environment
/// <c>TweetPlatform__*</c> or command line <c>--TweetPlatform:Key=value</c>), checked before anything starts.
/// </summary>
public sealed class PlatformSettings
{
    public const string SectionName = "TweetPlatform";
    public const int MaxReplicas = 16;

    public KafkaMode KafkaMode { get; private init; } = KafkaMode.Embedded;
    public int IngestReplicas { get; private init; } = 1;
    public int PushGatewayReplicas { get; private init; } = 2;
    public int LikeTrackingReplicas { get; private init; } = 1;
    public int AnalyticsReplicas { get; private init; } = 1;

    /// <summary>The gateway's public port; 0 lets the orchestrator pick one (tests, several runs side by side).</summary>
    public int GatewayPort { get; private init; } = 8080;

    public bool Simulator { get; private init; } = true;

    /// <summary>Where the embedded broker keeps topics, records and committed offsets between runs (its data volume).</summary>
    public string KafkaDataPath { get; private init; } = "";

    /// <summary>Start the embedded broker with no data (what <see cref="KafkaDataPath"/> held is deleted).</summary>
    public bool KafkaStartEmpty { get; private init; }

    /// <summary>The webhook secret of this run (parameter <c>webhook-secret</c>); null in publish mode, where it is supplied at deployment.</summary>
    public string? WebhookSecret { get; private init; }

    /// <summary>True when no secret was set, so one was generated for this run and must be shown to the user.</summary>
    public bool WebhookSecretGenerated { get; private init; }

    /// <summary>The operator secret of this run (parameter <c>operator-secret</c>): it guards creating and deleting live queries.</summary>
    public string? OperatorSecret { get; private init; }

    public bool OperatorSecretGenerated { get; private init; }
    public double SimulatorRate { get; private init; } = 3;

    /// <summary>Reads and checks the settings; a false answer carries a message naming the key and the fix.</summary>
    public static bool TryRead(IDistributedApplicationBuilder builder, out PlatformSettings settings, out string problem)
    {
        var section = builder.Configuration.GetSection(SectionName);
        var problems = new List<string>();
        var (secret, generated) = builder.ExecutionContext.IsRunMode
            ? RunSecret(builder.Configuration, WebhookSecretKey, WebhookSecretEnvironmentVariable, "webhook secret", problems) : (null, false);
        var (operatorSecret, operatorGenerated) = builder.ExecutionContext.IsRunMode
            ? RunSecret(builder.Configuration, OperatorSecretKey, OperatorSecretEnvironmentVariable, "operator secret", problems) : (null, false);
        settings = new PlatformSettings
        {
            KafkaMode = ReadEnum(section, "Kafka:Mode", KafkaMode.Embedded, problems),
            KafkaDataPath = System.IO.Path.GetFullPath(section["Kafka:DataPath"] is { Length: > 0 } dataPath ? dataPath : DefaultKafkaDataPath(builder),
                builder.AppHostDirectory),
            KafkaStartEmpty = ReadBool(section, "Kafka:StartEmpty", false, problems),
            IngestReplicas = ReadNumber(section, "Replicas:Ingest", 1, 1, MaxReplicas, problems),
            PushGatewayReplicas = ReadNumber(section, "Replicas:PushGateway", 2, 1, MaxReplicas, problems),
            LikeTrackingReplicas = ReadNumber(section, "Replicas:LikeTracking", 1, 1, MaxReplicas, problems),
            AnalyticsReplicas = ReadNumber(section, "Replicas:Analytics", 1, 1, MaxReplicas, problems),
            GatewayPort = ReadNumber(section, "Gateway:Port", 8080, 0, 65535, problems),
            Simulator = ReadBool(section, "Simulator:Enabled", true, problems),
            SimulatorRate = ReadNumber(section, "Simulator:Rate", 3, 0.01, 10_000, problems),
            WebhookSecret = secret,
            WebhookSecretGenerated = generated,
            OperatorSecret = operatorSecret,
            OperatorSecretGenerated = operatorGenerated,
        };
        if (problems.Count == 0 && builder.ExecutionContext.IsRunMode && settings.KafkaMode == KafkaMode.Container
            && !Kafka.ContainerKafkaPrerequisites.Check(builder.Configuration, out var containerProblem))
        {
            problems.Add(containerProblem);
        }
        if (problems.Count == 0 && builder.ExecutionContext.IsRunMode && settings.GatewayPort != 0 && !PortIsFree(settings.GatewayPort))
        {
            problems.Add($"Port {settings.GatewayPort} is already in use (another TweetPlatform run?), so the gateway cannot listen on it. " +
                $"Stop what uses it, or choose another port: dotnet run --project AppHost -- --{SectionName}:Gateway:Port=8081");
        }
        problem = string.Join(Environment.NewLine, problems);
        return problems.Count == 0;
    }

    /// <summary>Next to the AppHost, like Aspire's own per-project state; ignored by git.</summary>
    private static string DefaultKafkaDataPath(IDistributedApplicationBuilder builder) =>
        System.IO.Path.Combine(builder.AppHostDirectory, ".kafka-data");

    public const string WebhookSecretKey = "Parameters:webhook-secret";
    public const string WebhookSecretEnvironmentVariable = "TWEETPLATFORM_WEBHOOK_SECRET";
    public const int MinWebhookSecretLength = 16;
    public const string OperatorSecretKey = "Parameters:operator-secret";
    public const string OperatorSecretEnvironmentVariable = "TWEETPLATFORM_OPERATOR_SECRET";

    /// <summary>
    /// The secret set by the user (parameter, or TWEETPLATFORM_WEBHOOK_SECRET), else one generated for this
    /// run and put where the parameter reads it, so a first run needs no set-up step.
    /// </summary>
    private static (string? Secret, bool Generated) RunSecret(IConfiguration configuration, string key, string environmentVariable, string what,
        List<string> problems)
    {
        var set = configuration[key] is { Length: > 0 } fromParameter ? fromParameter
            : configuration[environmentVariable] is { Length: > 0 } fromEnvironment ? fromEnvironment : null;
        if (set is null)
        {
            var generated = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
            configuration[key] = generated;
            return (generated, true);
        }
        if (set.Trim().Length < MinWebhookSecretLength)
        {
            problems.Add($"The {what} ({key} or {environmentVariable}) must have at least {MinWebhookSecretLength} characters; " +
                $"the one set has {set.Trim().Length}. Set a longer one: dotnet user-secrets set {key} \"<16+ characters>\" --project AppHost, " +
                "or unset it and a random one is generated for each run.");
            return (null, false);
        }
        configuration[key] = set;
        return (set, false);
    }

    private static bool PortIsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static string Key(string key) => $"{SectionName}:{key}";

    private static T ReadNumber<T>(IConfigurationSection section, string key, T fallback, T min, T max, List<string> problems)
        where T : struct, System.Numerics.INumber<T>
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }
        if (T.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }
        problems.Add($"{Key(key)} must be {(typeof(T) == typeof(int) ? "a whole number" : "a number")} from {min.ToString(null, CultureInfo.InvariantCulture)} to {max.ToString(null, CultureInfo.InvariantCulture)}; it is '{text}'.");
        return fallback;
    }

    private static bool ReadBool(IConfigurationSection section, string key, bool fallback, List<string> problems)
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }
        if (bool.TryParse(text, out var value))
        {
            return value;
        }
        problems.Add($"{Key(key)} must be true or false; it is '{text}'.");
        return fallback;
    }

    private static TEnum ReadEnum<TEnum>(IConfigurationSection section, string key, TEnum fallback, List<string> problems) where TEnum : struct, Enum
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }
        if (Enum.TryParse<TEnum>(text, ignoreCase: true, out var value) && Enum.IsDefined(value))
        {
            return value;
        }
        problems.Add($"{Key(key)} must be one of {string.Join(", ", Enum.GetNames<TEnum>().Select(n => n.ToLowerInvariant()))}; it is '{text}'.");
        return fallback;
    }
}
