using System.Globalization;
using System.Text.Json.Nodes;

namespace TweetPlatform.Simulator;

/// <summary>
/// Made-up conference tweets as IFTTT's "New tweet" applet posts them ("Make a web request" with the
/// Twitter ingredients): a conference hashtag, a few topic hashtags (some far more popular than
/// others, so trends form), a handful of recurring authors and a status link that carries the id.
/// </summary>
public sealed class ConferenceChatter(IReadOnlyList<string> conferences, Random random)
{
    private static readonly string[] Authors =
        ["duke", "ana_streams", "kafka_kim", "dotnet_dev", "jvm_jane", "cloud_carl", "ops_olga", "data_dan", "ml_mia", "sre_sam", "front_fay", "arch_ari"];

    // Earlier topics are picked more often (a Zipf-like skew), so the trending panel has a clear top.
    private static readonly string[] Topics =
        ["kafka", "streams", "java", "dotnet", "ai", "kubernetes", "observability", "graalvm", "rust", "wasm", "security", "devex", "eventsourcing", "cloud"];

    private static readonly string[] Lines =
    [
        "Great keynote on {0} this morning",
        "Standing room only for the {0} talk",
        "Live demo of {0} just worked first time",
        "Slides for my {0} session are up",
        "Hallway track about {0} is the best track",
        "Who else is at the {0} workshop?",
        "Coffee queue longer than my {0} backlog",
        "Mind blown by what {0} can do now",
    ];

    private long _nextId = 1_100_000_000_000_000_000 + random.NextInt64(1_000_000_000);

    /// <summary>One webhook body; <paramref name="conference"/> picks the conference (a random one when null).</summary>
    public JsonObject NextWebhook(DateTimeOffset now, string? conference = null)
    {
        conference ??= conferences[random.Next(conferences.Count)];
        var author = Authors[random.Next(Authors.Length)];
        var topics = Enumerable.Range(0, random.Next(1, 4)).Select(_ => Topic()).Distinct().ToList();
        var line = string.Format(CultureInfo.InvariantCulture, Lines[random.Next(Lines.Length)], topics[0]);
        var id = Interlocked.Increment(ref _nextId);
        return new JsonObject
        {
            ["Text"] = $"{line} #{conference} {string.Join(' ', topics.Select(t => "#" + t))}",
            ["UserName"] = author,
            ["UserImageUrl"] = $"https://avatars.example.org/{author}.png",
            // IFTTT's own format: minutes only, in the applet owner's zone (UTC here).
            ["CreatedAt"] = now.UtcDateTime.ToString("MMMM d, yyyy 'at' hh:mmtt", CultureInfo.InvariantCulture),
            ["LinkToTweet"] = $"https://twitter.com/{author}/status/{id}",
            ["FirstLinkUrl"] = "",
        };
    }

    private string Topic()
    {
        // Index ~ floor(n * u^2): low indexes are much more likely.
        var u = random.NextDouble();
        return Topics[(int)(Topics.Length * u * u)];
    }
}
