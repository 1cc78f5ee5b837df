using System.Net.Http.Json;
using System.Text.Json;
using TweetPlatform.AppHost.Settings;
using TweetPlatform.IntegrationTests.Infrastructure;

namespace TweetPlatform.IntegrationTests.PushGateway;

/// <summary>
/// A push-gateway started again rebuilds the picture a long-running one holds: its snapshot has the like
/// counts and the findings, not only the tweets (the embedded broker cannot look offsets up by time).
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class RestartReplayTests(PlatformFixture platform)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task After_a_restart_the_snapshot_holds_the_like_counts_and_findings_of_before()
    {
        const string conference = "oow17";
        using var http = new HttpClient();
        var id = "replay-" + TweetRequests.UniqueId();
        await using (var before = await SseTestClient.ConnectAsync(new Uri(platform.Gateway, $"/api/updates?conference={conference}")))
        {
            using (var response = await http.SendAsync(TweetRequests.Tweet(platform.Gateway, platform.WebhookSecret, new { id, text = "Replayed #oow17", author = "r" })))
            {
                await TweetRequests.AcceptedIdAsync(response);
            }
            foreach (var viewer in new[] { "replay-viewer-1", "replay-viewer-2" })
            {
                using var like = TweetRequests.Likes(HttpMethod.Post, platform.Gateway, id, viewer);
                using var liked = await http.SendAsync(like);
                Assert.True(liked.IsSuccessStatusCode, $"like: {(int)liked.StatusCode} {await liked.Content.ReadAsStringAsync()}");
            }
            await before.WaitForAsync(e => e.Any(m => m.EventType == "likes" && Json(m).GetProperty("tweetId").GetString() == id && Json(m).GetProperty("count").GetInt32() == 2)
                && e.Any(m => m.EventType == "tweet-counts"), Wait);
        }

        await platform.System.RestartAsync(ResourceNames.PushGateway);

        await using var after = await SseTestClient.ConnectAsync(new Uri(platform.Gateway, $"/api/updates?conference={conference}"));
        var snapshot = JsonDocument.Parse((await after.WaitForEventAsync(m => m.EventType == "snapshot", Wait)).Data).RootElement;
        Assert.Contains(snapshot.GetProperty("tweets").EnumerateArray(), t => t.GetProperty("tweetId").GetString() == id);
        var likes = snapshot.GetProperty("likes").EnumerateArray().Where(l => l.GetProperty("tweetId").GetString() == id).ToList();
        Assert.True(likes.Count == 1 && likes[0].GetProperty("count").GetInt32() == 2, $"The snapshot's like count of {id}: {snapshot.GetProperty("likes")}");
        Assert.Contains(snapshot.GetProperty("tweetCounts").EnumerateArray(), c => c.GetProperty("conference").GetString() == conference);
    }

    private static JsonElement Json(SseMessage message) => JsonDocument.Parse(message.Data).RootElement;
}
