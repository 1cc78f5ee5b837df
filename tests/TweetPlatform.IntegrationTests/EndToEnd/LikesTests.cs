using System.Net;
using System.Net.Http.Json;
using TweetPlatform.Contracts;
using TweetPlatform.Contracts.Events;
using TweetPlatform.IntegrationTests.Infrastructure;
using TweetPlatform.AppHost.Settings;

namespace TweetPlatform.IntegrationTests.EndToEnd;

/// <summary>
/// Likes through the gateway on the running system: idempotent per viewer, exact counts under
/// concurrency, with two like-tracking instances, and across a kill -9 of the service.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class LikesTests(PlatformFixture platform) : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private readonly HttpClient _http = new();

    [Fact]
    public async Task A_like_is_idempotent_per_viewer_and_answers_what_it_changed()
    {
        var tweet = await PostTweetsAsync(1);
        var url = new Uri(platform.Gateway, $"/api/tweets/{tweet[0]}/likes");

        Assert.Equal(new LikeAnswer(tweet[0], true, 1, true), await SendAsync(HttpMethod.Post, url, "viewer-aaaa-0001"));
        Assert.Equal(new LikeAnswer(tweet[0], true, 1, false), await SendAsync(HttpMethod.Post, url, "viewer-aaaa-0001"));
        Assert.Equal(new LikeAnswer(tweet[0], true, 2, true), await SendAsync(HttpMethod.Post, url, "viewer-bbbb-0002"));
        Assert.Equal(new LikeAnswer(tweet[0], false, 1, true), await SendAsync(HttpMethod.Delete, url, "viewer-aaaa-0001"));
        Assert.Equal(new LikeAnswer(tweet[0], false, 1, false), await SendAsync(HttpMethod.Delete, url, "viewer-aaaa-0001"));
        Assert.Equal(new LikeAnswer(tweet[0], true, 1, null), await SendAsync(HttpMethod.Get, url, "viewer-bbbb-0002"));
    }

    [Fact]
    public async Task Likes_for_unknown_tweets_get_404_and_bad_viewer_ids_get_400()
    {
        using var unknown = await SendRawAsync(HttpMethod.Post, new Uri(platform.Gateway, "/api/tweets/never-posted-123/likes"), "viewer-cccc-0003");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);

        var tweet = await PostTweetsAsync(1);
        foreach (var viewer in new[] { "short", new string('x', 65), "bad viewer id", "" })
        {
            using var bad = await SendRawAsync(HttpMethod.Post, new Uri(platform.Gateway, $"/api/tweets/{tweet[0]}/likes"), viewer);
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains("X-Viewer-Id", await bad.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task A_hundred_viewers_liking_twenty_tweets_concurrently_on_two_instances_give_exact_counts()
    {
        // Two like-tracking instances: the fixture runs two replicas.
        await using var sse = await SseTestClient.ConnectAsync(new Uri(platform.Gateway, "/api/updates"));
        var tweets = await PostTweetsAsync(20);
        var workload = new LikeWorkload(tweets, viewers: 100, seed: 7);
        Assert.True(workload.TotalRequests > 4_000, $"Only {workload.TotalRequests} requests");

        await workload.RunAsync(platform.Gateway, concurrency: 64, Wait);

        await AssertExactCountsAsync(workload.ExpectedCounts, sse);
    }

    [Fact]
    public async Task Killing_like_tracking_in_the_middle_of_a_burst_loses_no_like_and_counts_none_twice()
    {
        await using var sse = await SseTestClient.ConnectAsync(new Uri(platform.Gateway, "/api/updates"));
        var tweets = await PostTweetsAsync(10);
        var workload = new LikeWorkload(tweets, viewers: 60, seed: 11);
        var burst = workload.RunAsync(platform.Gateway, concurrency: 32, TimeSpan.FromMinutes(3));

        await EventuallyAsync(() => workload.Completed >= workload.TotalRequests / 3 || burst.IsCompleted, "a third of the burst is done");
        Assert.False(burst.IsCompleted, "The burst finished before the kill; make it bigger.");
        await platform.System.KillAsync(ResourceNames.LikeTracking);
        var completedAtKill = workload.Completed;
        await platform.System.StartReplicaAsync(ResourceNames.LikeTracking);
        await burst;

        Assert.True(completedAtKill < workload.TotalRequests);
        await AssertExactCountsAsync(workload.ExpectedCounts, sse);
    }

    /// <summary>The same exact counts in all three places: the API (replica), the counts topic (processor) and the browsers' stream.</summary>
    private async Task AssertExactCountsAsync(IReadOnlyDictionary<string, int> expected, SseTestClient sse)
    {
        foreach (var (tweet, count) in expected)
        {
            var answer = await SendAsync(HttpMethod.Get, new Uri(platform.Gateway, $"/api/tweets/{tweet}/likes"), "viewer-check-0000");
            Assert.True(count == answer.Count, $"API count of {tweet}: expected {count}, got {answer.Count}");
        }

        var kafka = platform.System.KafkaBootstrapServers;
        await KafkaTopicReader.WaitForGroupToCatchUpAsync(kafka, "like-tracking", Topics.Likes, Wait);
        var published = KafkaTopicReader.ReadAll(kafka, Topics.LikeCounts)
            .Select(m => IntegrationEvents.LikeCountChanged.Deserialize(m.Message.Value))
            .Where(c => expected.ContainsKey(c.TweetId))
            .GroupBy(c => c.TweetId)
            .ToDictionary(g => g.Key, g => g.MaxBy(c => c.LikesOffset)!.Count);
        foreach (var (tweet, count) in expected)
        {
            Assert.True(count == published.GetValueOrDefault(tweet), $"Published count of {tweet}: expected {count}, got {published.GetValueOrDefault(tweet)}");
        }

        // Browsers: the last likes event per tweet (tweets nobody ends up liking may have had no event at all).
        await sse.WaitForAsync(events =>
        {
            var last = events.Where(e => e.EventType == "likes").Select(e => TweetRequests.Json(e.Data))
                .GroupBy(j => j.GetProperty("tweetId").GetString()!)
                .ToDictionary(g => g.Key, g => g.Last().GetProperty("count").GetInt32());
            return expected.All(e => last.GetValueOrDefault(e.Key) == e.Value);
        }, Wait);
    }

    private async Task<List<string>> PostTweetsAsync(int count)
    {
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var id = "like-" + TweetRequests.UniqueId();
            using var response = await _http.SendAsync(TweetRequests.Tweet(platform.Gateway, platform.WebhookSecret,
                new { id, text = $"Like me {i} #devoxx", author = "speaker" }));
            ids.Add(await TweetRequests.AcceptedIdAsync(response));
        }
        return ids;
    }

    private async Task<LikeAnswer> SendAsync(HttpMethod method, Uri url, string viewer)
    {
        using var response = await SendRawAsync(method, url, viewer);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{method} {url}: {(int)response.StatusCode} {body}");
        return (await response.Content.ReadFromJsonAsync<LikeAnswer>())!;
    }

    private async Task<HttpResponseMessage> SendRawAsync(HttpMethod method, Uri url, string viewer)
    {
        using var request = new HttpRequestMessage(method, url);
        request.Headers.TryAddWithoutValidation("X-Viewer-Id", viewer);
        return await _http.SendAsync(request);
    }

    private static Task EventuallyAsync(Func<bool> condition, string what) =>
        Eventually.TrueAsync(condition, what, Wait, TimeSpan.FromMilliseconds(20));

    public void Dispose() => _http.Dispose();

    private sealed record LikeAnswer(string TweetId, bool Liked, int Count, bool? Changed);
}
