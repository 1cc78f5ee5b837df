using System.Diagnostics;
using TweetPlatform.AppHost.Settings;
using TweetPlatform.Hosting;
using TweetPlatform.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace TweetPlatform.IntegrationTests.Crash;

/// <summary>
/// kill -9 of each push-gateway instance in turn, under load, with browsers connected through the gateway:
/// every browser resumes from its Last-Event-ID on whichever instance it reaches (the survivor, or the
/// restarted one after its replay) and ends with every accepted tweet once, no reset, exact like counts.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class PushGatewayCrashTests(PlatformFixture platform, ITestOutputHelper output)
{
    private const string Conference = "ndcporto";
    private const int Browsers = 6;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Killing_each_push_gateway_instance_under_load_resumes_every_browser_exactly()
    {
        var url = new Uri(platform.Gateway, $"/api/updates?conference={Conference}");
        var browsers = Enumerable.Range(0, Browsers).Select(_ => ResumingSseClient.Start(url)).ToList();
        try
        {
            await Eventually.TrueAsync(() => browsers.All(b => b.CountOf("snapshot") == 1), "every browser has its snapshot", Wait, TimeSpan.FromMilliseconds(50));
            await using var load = TweetLoad.Start(platform.Gateway, platform.WebhookSecret, Conference, TimeSpan.FromMilliseconds(20));
            var report = new List<string>();
            var replicas = platform.System.Replicas(ResourceNames.PushGateway);
            for (var replica = 0; replica < replicas.Count; replica++)
            {
                var before = load.Accepted.Count;
                await Eventually.TrueAsync(() => load.Accepted.Count >= before + 50, "50 more tweets accepted", Wait, TimeSpan.FromMilliseconds(20));
                var connections = browsers.Select(b => b.Connections).ToList();
                var killedAt = Stopwatch.GetTimestamp();
                await platform.System.KillAsync(ResourceNames.PushGateway, replica);
                await platform.System.StartReplicaAsync(ResourceNames.PushGateway, replica);
                var healthyAfter = Stopwatch.GetElapsedTime(killedAt);
                report.Add($"{replicas[replica]}: healthy again {healthyAfter.TotalSeconds:F1} s after kill -9; "
                    + $"{browsers.Where((b, i) => b.Connections > connections[i]).Count()} of {Browsers} browsers had reconnected by then");
            }
            await load.StopAsync();
            var accepted = load.Accepted;
            var likes = load.ExpectedLikes;

            // Every browser lost at least one stream (each instance died once) and got everything anyway.
            await Eventually.TrueAsync(() => browsers.All(b => Missing(b, accepted).Count == 0 && LikesMatch(b, likes)),
                "every browser has every accepted tweet and the exact like counts", Wait, TimeSpan.FromMilliseconds(100));
            foreach (var (browser, i) in browsers.Select((b, i) => (b, i)))
            {
                var events = browser.Events;
                Assert.True(browser.Connections >= 2, $"Browser {i} never lost its stream: the kills did not reach it.");
                Assert.Equal(0, browser.CountOf("reset"));
                var delivered = events.Where(e => e.EventType == "tweet").Select(TweetRequests.TweetIdOf).Where(id => id!.StartsWith("load-", StringComparison.Ordinal)).ToList();
                var repeated = delivered.GroupBy(id => id).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
                Assert.True(repeated.Count == 0, $"Browser {i} got {repeated.Count} tweets twice: {string.Join(", ", repeated.Take(5))}");
                report.Add($"browser {i}: {browser.Connections} streams, resumed after {string.Join(" / ", browser.ResumeTimes.Select(t => $"{t.TotalSeconds:F1} s"))}, "
                    + $"{delivered.Count} tweets, 0 missing, 0 twice, 0 resets");
            }
            report.Add($"{accepted.Count} tweets and {likes.Values.Sum()} likes accepted; {load.Refused} requests refused and sent again");
            foreach (var line in report)
            {
                output.WriteLine(line);
            }
            CrashReport.Write("push-gateway", report);
        }
        finally
        {
            foreach (var browser in browsers)
            {
                await browser.DisposeAsync();
            }
        }
    }

    private static List<string> Missing(ResumingSseClient browser, IReadOnlyList<string> accepted)
    {
        var seen = browser.Events.Where(e => e.EventType == "tweet").Select(TweetRequests.TweetIdOf).ToHashSet();
        return accepted.Where(id => !seen.Contains(id)).ToList();
    }

    private static bool LikesMatch(ResumingSseClient browser, IReadOnlyDictionary<string, int> expected)
    {
        var last = new Dictionary<string, int>();
        foreach (var e in browser.Events.Where(e => e.EventType == "likes"))
        {
            var json = TweetRequests.Json(e.Data);
            last[json.GetProperty("tweetId").GetString()!] = json.GetProperty("count").GetInt32();
        }
        return expected.All(e => last.GetValueOrDefault(e.Key) == e.Value);
    }
}
