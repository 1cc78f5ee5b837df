using System.Net.Http.Json;
using TweetPlatform.Contracts;
using TweetPlatform.Hosting;
using TweetPlatform.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace TweetPlatform.IntegrationTests.EmbeddedKafka;

/// <summary>
/// The whole platform stopped and started again on the embedded broker's data directory, as a developer's
/// Ctrl+C and <c>dotnet run --project AppHost</c>: tweets, like counts and analytics totals are back, and
/// every service goes on from where it was (a new like counts once, a new tweet adds one to the total).
/// </summary>
public sealed class PlatformRestartTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private const string Conference = "devoxx";

    [Fact]
    public async Task After_a_stop_and_a_start_on_the_same_data_every_service_resumes_where_it_was()
    {
        var first = new PlatformStartOptions { KeepKafkaData = true };
        var dataPath = first.KafkaDataPath;
        var tweets = new List<string>();
        long totalBefore;
        try
        {
            await using (var platform = await RunningPlatform.StartAsync(first))
            {
                using var http = new HttpClient();
                for (var i = 0; i < 5; i++)
                {
                    tweets.Add(await PostTweetAsync(http, platform, $"Before the restart {i} #{Conference}"));
                }
                for (var i = 0; i < tweets.Count; i++)
                {
                    for (var viewer = 0; viewer <= i; viewer++)
                    {
                        await LikeAsync(http, platform, tweets[i], $"viewer-{viewer}");
                    }
                }
                totalBefore = await WaitForTotalAsync(platform, t => t >= tweets.Count);
                await KafkaTopicReader.WaitForGroupToCatchUpAsync(platform.KafkaBootstrapServers, ConsumerGroups.LikeTracking, Topics.Likes, Wait);
            }

            var second = new PlatformStartOptions { KafkaDataPath = dataPath }.With("Kafka:StartEmpty", false);
            var started = System.Diagnostics.Stopwatch.StartNew();
            await using (var platform = await RunningPlatform.StartAsync(second))
            {
                output.WriteLine($"Started again on the kept data in {started.Elapsed.TotalSeconds:F1} s");
                using var http = new HttpClient();
                // like-tracking rebuilt its counts from the likes history.
                for (var i = 0; i < tweets.Count; i++)
                {
                    Assert.Equal(i + 1, await LikeCountAsync(http, platform, tweets[i]));
                }
                // The push gateway replayed the kept topics: tweets and their counts are in a new browser's snapshot.
                await using (var browser = await SseTestClient.ConnectAsync(new Uri(platform.GatewayUrl, $"/api/updates?conference={Conference}")))
                {
                    var snapshot = TweetRequests.Json((await browser.WaitForEventAsync(e => e.EventType == "snapshot", Wait)).Data);
                    var ids = snapshot.GetProperty("tweets").EnumerateArray().Select(t => t.GetProperty("tweetId").GetString()).ToHashSet();
                    Assert.All(tweets, id => Assert.Contains(id, ids));
                    var likes = snapshot.GetProperty("likes").EnumerateArray().ToDictionary(l => l.GetProperty("tweetId").GetString()!, l => l.GetProperty("count").GetInt32());
                    Assert.All(tweets.Select((id, i) => (id, i)), t => Assert.Equal(t.i + 1, likes.GetValueOrDefault(t.id)));
                }
                // Going on from there: one more like is counted once, one more tweet adds one to the total.
                await LikeAsync(http, platform, tweets[0], "viewer-after");
                Assert.Equal(2, await LikeCountAsync(http, platform, tweets[0]));
                await PostTweetAsync(http, platform, $"After the restart #{Conference}");
                Assert.Equal(totalBefore + 1, await WaitForTotalAsync(platform, t => t > totalBefore));
            }
        }
        finally
        {
            if (Directory.Exists(dataPath))
            {
                Directory.Delete(dataPath, recursive: true);
            }
        }
    }

    private static async Task<string> PostTweetAsync(HttpClient http, RunningPlatform platform, string text)
    {
        using var response = await http.SendAsync(TweetRequests.Tweet(platform.GatewayUrl, platform.WebhookSecret,
            new { id = "restart-" + TweetRequests.UniqueId(), text, author = "r" }));
        return await TweetRequests.AcceptedIdAsync(response);
    }

    private static async Task LikeAsync(HttpClient http, RunningPlatform platform, string tweet, string viewer)
    {
        using var request = TweetRequests.Likes(HttpMethod.Post, platform.GatewayUrl, tweet, viewer);
        using var response = await http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"like: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<int> LikeCountAsync(HttpClient http, RunningPlatform platform, string tweet)
    {
        using var request = TweetRequests.Likes(HttpMethod.Get, platform.GatewayUrl, tweet, "viewer-check");
        using var response = await http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"like count: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("count").GetInt32();
    }

    /// <summary>The conference's all-time total in the tweet-counts topic once it satisfies <paramref name="condition"/>.</summary>
    private static Task<long> WaitForTotalAsync(RunningPlatform platform, Func<long, bool> condition) =>
        AnalyticsTotals.WaitForAsync(platform.KafkaBootstrapServers, Conference, condition, Wait);
}
