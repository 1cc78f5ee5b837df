using System.Diagnostics;
using TweetPlatform.AppHost.Settings;
using TweetPlatform.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace TweetPlatform.IntegrationTests.Crash;

/// <summary>
/// kill -9 of every replica of a service in turn, each started again at once (as an orchestrator does), under
/// steady load, with browsers connected through the gateway and resuming from their Last-Event-ID. Each run
/// ends with: every accepted tweet in every browser exactly once, no reset, like counts equal to the likes
/// accepted, and the analytics all-time total grown by exactly the number of accepted tweets.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class ServiceCrashTests(PlatformFixture platform, ITestOutputHelper output)
{
    private const int Browsers = 4;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);

    // Each service its own conference (a tracked hashtag), so one run's tweets do not blur another's totals.
    [Theory]
    [InlineData(ResourceNames.Ingest, "javaone")]
    [InlineData(ResourceNames.PushGateway, "ndcporto")]
    [InlineData(ResourceNames.LikeTracking, "codeone")]
    [InlineData(ResourceNames.Analytics, "oraclecodeone")]
    [InlineData(ResourceNames.Gateway, "qcon")]
    public async Task Killing_every_replica_under_load_loses_nothing_repeats_nothing_and_resumes_every_browser(string service, string conference)
    {
        var url = new Uri(platform.Gateway, $"/api/updates?conference={conference}");
        var browsers = Enumerable.Range(0, Browsers).Select(_ => ResumingSseClient.Start(url)).ToList();
        try
        {
            await Eventually.TrueAsync(() => browsers.All(b => b.CountOf("snapshot") == 1), "every browser has its snapshot", Wait, TimeSpan.FromMilliseconds(50));
            var totalBefore = Total(browsers[0], conference);
            var report = new List<string>();
            await using var load = TweetLoad.Start(platform.Gateway, platform.WebhookSecret, conference, TimeSpan.FromMilliseconds(20));
            var replicas = platform.System.Replicas(service);
            for (var replica = 0; replica < replicas.Count; replica++)
            {
                await MoreAcceptedAsync(load, 50);
                var connections = browsers.Select(b => b.Connections).ToList();
                var killedAt = Stopwatch.GetTimestamp();
                await platform.System.KillAsync(service, replica);
                await platform.System.StartReplicaAsync(service, replica);
                var healthyAfter = Stopwatch.GetElapsedTime(killedAt);
                report.Add($"{replicas[replica]}: running and healthy {healthyAfter.TotalSeconds:F1} s after kill -9 (Aspire's start: dotnet run); "
                    + $"{browsers.Where((b, i) => b.Connections > connections[i]).Count()} of {Browsers} browsers had reconnected by then");
            }
            await MoreAcceptedAsync(load, 50);
            await load.StopAsync();
            var accepted = load.Accepted;
            var likes = load.ExpectedLikes;

            await Eventually.HoldsAsync(() => Problems(service, browsers, accepted, likes), Wait, TimeSpan.FromMilliseconds(100));
            await Eventually.TrueAsync(() => browsers.All(b => Total(b, conference) - totalBefore == accepted.Count),
                $"the analytics total grew by the {accepted.Count} accepted tweets", Wait, TimeSpan.FromMilliseconds(100));
            foreach (var (browser, i) in browsers.Select((b, i) => (b, i)))
            {
                var delivered = browser.Events.Where(e => e.EventType == "tweet").Select(TweetRequests.TweetIdOf).ToList();
                var repeated = delivered.GroupBy(id => id).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
                Assert.True(repeated.Count == 0, $"Browser {i} got {repeated.Count} tweets twice: {string.Join(", ", repeated.Take(5))}");
                Assert.Equal(0, browser.CountOf("reset"));
                report.Add($"browser {i}: {browser.Connections} stream(s)"
                    + (browser.ResumeTimes.Count > 0 ? $", resumed after {string.Join(" / ", browser.ResumeTimes.Select(t => $"{t.TotalSeconds:F1} s"))}" : "")
                    + $"; {delivered.Count} tweets, 0 missing, 0 twice, 0 resets, like counts exact");
            }
            if (service is ResourceNames.PushGateway or ResourceNames.Gateway)
            {
                // Browsers hold streams to these two: every browser lost its stream at least once.
                Assert.All(browsers, b => Assert.True(b.Connections >= 2, "A browser never lost its stream: the kills did not reach it."));
            }
            report.Add($"{accepted.Count} tweets and {likes.Values.Sum()} likes accepted, analytics total +{accepted.Count}; "
                + $"{load.Refused} requests refused or broken and sent again");
            foreach (var line in report)
            {
                output.WriteLine(line);
            }
            CrashReport.Write(service, report);
        }
        finally
        {
            foreach (var browser in browsers)
            {
                await browser.DisposeAsync();
            }
        }
    }

    private static Task MoreAcceptedAsync(TweetLoad load, int more)
    {
        var target = load.Accepted.Count + more;
        return Eventually.TrueAsync(() => load.Accepted.Count >= target, $"{more} more tweets accepted", Wait, TimeSpan.FromMilliseconds(20));
    }

    private static List<string> Missing(ResumingSseClient browser, IReadOnlyList<string> accepted)
    {
        var seen = browser.Events.Where(e => e.EventType == "tweet").Select(TweetRequests.TweetIdOf).ToHashSet();
        return accepted.Where(id => !seen.Contains(id)).ToList();
    }

    /// <summary>Null when every browser has every accepted tweet and the exact like counts; else what is still wrong.</summary>
    private static string? Problems(string service, IReadOnlyList<ResumingSseClient> browsers, IReadOnlyList<string> accepted, IReadOnlyDictionary<string, int> likes)
    {
        var problems = new List<string>();
        foreach (var (browser, i) in browsers.Select((b, i) => (b, i)))
        {
            var missing = Missing(browser, accepted);
            var wrongLikes = WrongLikes(browser, likes);
            if (missing.Count > 0 || wrongLikes.Count > 0)
            {
                problems.Add($"browser {i} ({browser.Connections} streams, {browser.CountOf("reset")} resets): {missing.Count} of {accepted.Count} tweets missing "
                    + $"({string.Join(", ", missing.Take(3))}), {wrongLikes.Count} like counts wrong ({string.Join(", ", wrongLikes.Take(3))})");
            }
        }
        return problems.Count == 0 ? null : $"After killing {service}: " + string.Join("; ", problems);
    }

    private static List<string> WrongLikes(ResumingSseClient browser, IReadOnlyDictionary<string, int> expected)
    {
        var last = new Dictionary<string, int>();
        foreach (var e in browser.Events.Where(e => e.EventType == "likes"))
        {
            var json = TweetRequests.Json(e.Data);
            last[json.GetProperty("tweetId").GetString()!] = json.GetProperty("count").GetInt32();
        }
        return [.. expected.Where(e => last.GetValueOrDefault(e.Key) != e.Value).Select(e => $"{e.Key}: {last.GetValueOrDefault(e.Key)} not {e.Value}")];
    }

    /// <summary>The conference's all-time tweet count as the browser last heard it (snapshot or tweet-counts event).</summary>
    private static long Total(ResumingSseClient browser, string conference)
    {
        long total = 0;
        foreach (var e in browser.Events)
        {
            var counts = e.EventType switch
            {
                "snapshot" => TweetRequests.Json(e.Data).GetProperty("tweetCounts").EnumerateArray().ToList(),
                "tweet-counts" => [TweetRequests.Json(e.Data)],
                _ => [],
            };
            foreach (var count in counts.Where(c => c.GetProperty("conference").GetString() == conference))
            {
                total = Math.Max(total, count.GetProperty("total").GetInt64());
            }
        }
        return total;
    }
}
