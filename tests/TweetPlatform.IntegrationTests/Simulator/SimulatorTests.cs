using TweetPlatform.IntegrationTests.Infrastructure;
using TweetPlatform.AppHost.Settings;
using TweetPlatform.Hosting;

namespace TweetPlatform.IntegrationTests.Simulator;

/// <summary>The simulator the local run starts makes the dashboard move within seconds: tweets, likes, findings and an alert.</summary>
[Collection(PlatformCollection.Name)]
public sealed class SimulatorTests(PlatformFixture platform)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Within_seconds_the_simulator_produces_tweets_likes_top_liked_and_an_alert_through_the_gateway()
    {
        // A conference no other test posts to, so everything this stream gets came from the simulator.
        const string conference = "ndcporto";
        await using var sse = await SseTestClient.ConnectAsync(new Uri(platform.Gateway, $"/api/updates?conference={conference}"));
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await using var simulator = ChildProcess.StartDotnet(ResourceNames.Simulator, RepositoryLayout.ProjectDll("TweetPlatform.Simulator"),
            ["--url", platform.Gateway.ToString(), "--secret", platform.WebhookSecret, "--conferences", conference,
                "--rate", "20", "--burst-every", "2", "--burst-size", "10", "--like-rate", "20", "--viewers", "5", "--seed", "1"],
            new Dictionary<string, string>(), output.Enqueue);

        var events = await sse.WaitForAsync(e => e.Count(m => m.EventType == "tweet") >= 20 && e.Any(m => m.EventType == "likes")
            && e.Any(m => m.EventType == "top-liked") && e.Any(m => m.EventType == "alert"), Wait);

        Assert.All(events.Where(m => m.EventType == "tweet"), m =>
        {
            var tweet = TweetRequests.Json(m.Data);
            Assert.Equal(conference, tweet.GetProperty("conference").GetString());
            Assert.Equal("ifttt", tweet.GetProperty("source").GetString());
            Assert.Contains("#" + conference, tweet.GetProperty("text").GetString());
        });
        // And a burst every 2 s, as asked.
        await Eventually.HoldsAsync(() => output.Any(line => line.Contains("Burst: 10 tweets for #ndcporto", StringComparison.Ordinal))
            ? null : "No burst: " + string.Join(" | ", output), Wait, TimeSpan.FromMilliseconds(100));
    }
}
