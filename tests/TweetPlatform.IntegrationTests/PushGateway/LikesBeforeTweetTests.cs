using TweetPlatform.IntegrationTests.Infrastructure;

namespace TweetPlatform.IntegrationTests.PushGateway;

/// <summary>
/// A like count can be read before its tweet (they are on different topics, fetched separately). A browser
/// that follows one conference still gets it: the count follows the tweet once that arrives.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class LikesBeforeTweetTests(PlatformFixture platform)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_like_count_read_before_its_tweet_reaches_browsers_filtering_by_the_tweets_conference()
    {
        var conference = "early-" + Guid.NewGuid().ToString("N")[..8];
        var id = "early-" + TweetRequests.UniqueId();
        await using var filtered = await SseTestClient.ConnectAsync(new Uri(platform.Gateway, $"/api/updates?conference={conference}"));
        await using var everything = await SseTestClient.ConnectAsync(new Uri(platform.Gateway, "/api/updates"));
        using var input = new AnalyticsInput(platform.System.KafkaBootstrapServers);

        await input.SendAsync(AnalyticsInput.Likes(id, 3, likesOffset: 1));
        await everything.WaitForEventAsync(e => e.EventType == "likes" && TweetRequests.Json(e.Data).GetProperty("tweetId").GetString() == id, Wait);
        await input.SendAsync(AnalyticsInput.Tweet(id, conference, DateTimeOffset.UtcNow, "early"));

        var events = await filtered.WaitForAsync(e => e.Any(m => m.EventType == "likes"), Wait);
        var forTweet = events.Where(m => m.EventType is "tweet" or "likes").Select(m => (m.EventType, Id: TweetRequests.Json(m.Data).GetProperty("tweetId").GetString())).ToList();
        Assert.Equal([("tweet", id), ("likes", id)], forTweet);
        Assert.Equal(3, TweetRequests.Json(events.Single(m => m.EventType == "likes").Data).GetProperty("count").GetInt32());
    }
}
