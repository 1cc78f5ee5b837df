using System.Globalization;

namespace TweetPlatform.Simulator;

/// <summary>What the simulator posts and how fast (command-line flags, see <see cref="Usage"/>).</summary>
public sealed class SimulatorOptions
{
    public const string Usage =
        "Usage: dotnet run --project tools/Simulator -- --url http://127.0.0.1:8080 --secret S\n" +
        "  [--rate 3] tweets per second on average    [--burst-every 45] seconds between bursts (0: none)\n" +
        "  [--burst-size 60] tweets in a burst         [--viewers 25] simulated viewers liking tweets\n" +
        "  [--like-rate 4] likes per second           [--conferences javaone,devoxx,...] [--seed N]";

    public Uri GatewayUrl { get; set; } = new("http://127.0.0.1:8080");
    public string WebhookSecret { get; set; } = "";
    public double TweetsPerSecond { get; set; } = 3;
    public TimeSpan BurstEvery { get; set; } = TimeSpan.FromSeconds(45);
    public int BurstSize { get; set; } = 60;
    public int Viewers { get; set; } = 25;
    public double LikesPerSecond { get; set; } = 4;
    public IReadOnlyList<string> Conferences { get; set; } = ["javaone", "devoxx", "kafkasummit", "qcon", "ndcporto"];
    public int? Seed { get; set; }

    /// <summary>
    /// Flags from the environment the AppHost sets: the gateway's service-discovery address
    /// (<c>services__gateway__http__0</c>) and <c>Simulator__WebhookSecret</c>. Flags on the command line come later and win.
    /// </summary>
    public static IEnumerable<string> FromEnvironment(Func<string, string?> variable)
    {
        if (variable("services__gateway__http__0") is { Length: > 0 } url)
        {
            yield return "--url";
            yield return url;
        }
        if (variable("Simulator__WebhookSecret") is { Length: > 0 } secret)
        {
            yield return "--secret";
            yield return secret;
        }
    }

    /// <summary>Reads the flags; null and an error message for anything it does not understand.</summary>
    public static SimulatorOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        var options = new SimulatorOptions();
        error = null;
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : null;
            var ok = args[i] switch
            {
                "--url" => Uri.TryCreate(value, UriKind.Absolute, out var url) && Set(() => options.GatewayUrl = url),
                "--secret" => value is { Length: > 0 } && Set(() => options.WebhookSecret = value),
                "--rate" => TryNumber(value, 0, 10_000, out var rate) && Set(() => options.TweetsPerSecond = rate),
                "--burst-every" => TryNumber(value, 0, 86_400, out var every) && Set(() => options.BurstEvery = TimeSpan.FromSeconds(every)),
                "--burst-size" => TryNumber(value, 0, 100_000, out var size) && Set(() => options.BurstSize = (int)size),
                "--viewers" => TryNumber(value, 0, 100_000, out var viewers) && Set(() => options.Viewers = (int)viewers),
                "--like-rate" => TryNumber(value, 0, 10_000, out var likes) && Set(() => options.LikesPerSecond = likes),
                "--conferences" => value is { Length: > 0 }
                    && Set(() => options.Conferences = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)),
                "--seed" => TryNumber(value, 0, int.MaxValue, out var seed) && Set(() => options.Seed = (int)seed),
                _ => false,
            };
            if (!ok)
            {
                error = $"Cannot read '{args[i]}'{(value is null ? "" : $" '{value}'")}.\n{Usage}";
                return null;
            }
            i++;
        }
        if (options.WebhookSecret.Length == 0 || options.Conferences.Count == 0)
        {
            error = $"--secret and at least one conference are required.\n{Usage}";
            return null;
        }
        return options;
    }

    private static bool Set(Action apply)
    {
        apply();
        return true;
    }

    private static bool TryNumber(string? text, double min, double max, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && value >= min && value <= max;
}
