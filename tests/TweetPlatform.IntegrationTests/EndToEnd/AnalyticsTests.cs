using TweetPlatform.EventBus;
using TweetPlatform.Contracts;
using TweetPlatform.Contracts.Events;
using TweetPlatform.IntegrationTests.Infrastructure;
using TweetPlatform.AppHost.Settings;

namespace TweetPlatform.IntegrationTests.EndToEnd;

/// <summary>
/// Analytics on the running system: findings computed from the tweets and like-count topics arrive
/// in browsers as SSE events, and results equal a brute-force computation even when an analytics
/// instance is killed mid-stream while a second one runs.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class AnalyticsTests(PlatformFixture platform)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Counts_trending_hashtags_top_liked_and_one_alert_reach_browsers_as_sse_events()
    {
        await using var sse = await SseTestClient.ConnectAsync(new Uri(platform.Gateway, "/api/updates"));
        var conference = "conf" + Guid.NewGuid().ToString("N")[..10];
        var now = DateTimeOffset.UtcNow;
        using var input = new AnalyticsInput(platform.System.KafkaBootstrapServers);
        var ids = Enumerable.Range(0, PlatformFixture.AlertThreshold + 2).Select(i => $"an-{conference}-{i}").ToList();
        foreach (var id in ids)
        {
            await input.SendAsync(AnalyticsInput.Tweet(id, conference, now, "streams", conference));
        }
        await input.SendAsync(AnalyticsInput.Likes(ids[0], 5, likesOffset: 1));
        await input.SendAsync(AnalyticsInput.Likes(ids[1], 9, likesOffset: 2));
        await input.SendAsync(AnalyticsInput.Likes(ids[2], 5, likesOffset: 3));

        bool For(SseMessage m, string type) => m.EventType == type && TweetRequests.Json(m.Data).GetProperty("conference").GetString() == conference;
        await sse.WaitForAsync(events => events.Any(m => For(m, "tweet-counts") && TweetRequests.Json(m.Data).GetProperty("total").GetInt64() == ids.Count), Wait);
        var trending = await sse.WaitForEventAsync(m => For(m, "trending-hashtags")
            && TweetRequests.Json(m.Data).GetProperty("top").EnumerateArray().Any(h => h.GetProperty("hashtag").GetString() == "streams" && h.GetProperty("count").GetInt64() == ids.Count), Wait);
        var topLiked = await sse.WaitForEventAsync(m => For(m, "top-liked") && TweetRequests.Json(m.Data).GetProperty("top").GetArrayLength() == 3, Wait);

        Assert.Equal([(ids[1], 9), (ids[0], 5), (ids[2], 5)], TweetRequests.Json(topLiked.Data).GetProperty("top").EnumerateArray()
            .Select(t => (t.GetProperty("tweetId").GetString()!, t.GetProperty("likes").GetInt32())));
        Assert.Matches(@"^1\.[A-Za-z0-9_-]+$", trending.Id);
        var alerts = sse.Events.Where(m => For(m, "alert")).ToList();
        var alert = Assert.Single(alerts);
        Assert.Equal(PlatformFixture.AlertThreshold + 1, TweetRequests.Json(alert.Data).GetProperty("count").GetInt64());
        Assert.Contains(conference, TweetRequests.Json(alert.Data).GetProperty("message").GetString());
    }

    [Fact]
    public async Task Randomized_input_through_kafka_with_an_instance_killed_midway_equals_a_brute_force_result()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var random = new Random(1234);
        var conferences = Enumerable.Range(0, 4).Select(i => $"rnd-{run}-{i}").ToList();
        var start = DateTimeOffset.UtcNow.AddSeconds(-20);
        var tweets = Enumerable.Range(0, 3_000).Select(i => AnalyticsInput.Tweet($"rnd-{run}-{i}", conferences[random.Next(conferences.Count)],
            start.AddMilliseconds(random.Next(40_000)), $"h{random.Next(12)}", $"h{random.Next(12)}")).ToList();
        var likes = new List<LikeCountChanged>();
        foreach (var tweet in tweets.OrderBy(_ => random.Next()).Take(400))
        {
            for (var update = 1; update <= random.Next(1, 4); update++)
            {
                likes.Add(AnalyticsInput.Likes(tweet.TweetId, random.Next(0, 20), likesOffset: update));
            }
        }
        // Arrival shuffled within the grace period (a bounded displacement in event time); like counts anywhere, even before their tweet.
        var arrivals = tweets.Select(t => (Order: t.CreatedAt.AddSeconds(random.Next(20)).ToUnixTimeMilliseconds(), Tweet: (TweetReceived?)t, Likes: (LikeCountChanged?)null))
            .Concat(likes.Select(l => (Order: start.AddMilliseconds(random.Next(60_000)).ToUnixTimeMilliseconds(), Tweet: (TweetReceived?)null, Likes: (LikeCountChanged?)l)))
            .OrderBy(a => a.Order).ToList();
        // A tweet's counts must keep their order (the likes offset orders them; like-tracking produces them in order).
        var perTweet = likes.GroupBy(l => l.TweetId).ToDictionary(g => g.Key, g => new Queue<LikeCountChanged>(g.OrderBy(l => l.LikesOffset)));

        // Two analytics instances (the fixture runs two replicas); one is killed midway.
        using var input = new AnalyticsInput(platform.System.KafkaBootstrapServers);
        for (var i = 0; i < arrivals.Count; i++)
        {
            if (i == arrivals.Count / 2)
            {
                await platform.System.KillAsync(ResourceNames.Analytics);
            }
            var arrival = arrivals[i];
            await (arrival.Tweet is { } tweet ? input.SendAsync(tweet) : input.SendAsync(perTweet[arrival.Likes!.TweetId].Dequeue()));
        }
        await platform.System.StartReplicaAsync(ResourceNames.Analytics);

        var kafka = platform.System.KafkaBootstrapServers;
        await KafkaTopicReader.WaitForGroupToCatchUpAsync(kafka, "analytics-router", Topics.Tweets, Wait);
        await KafkaTopicReader.WaitForGroupToCatchUpAsync(kafka, "analytics-router", Topics.LikeCounts, Wait);
        await KafkaTopicReader.WaitForGroupToCatchUpAsync(kafka, "analytics", Topics.ConferenceActivity, Wait);

        // Brute force over the same events.
        var expectedTotals = conferences.ToDictionary(c => c, c => (long)tweets.Count(t => t.Conference == c));
        var expectedWindows = tweets.GroupBy(t => (t.Conference!, WindowStart(t.CreatedAt))).ToDictionary(g => g.Key, g => (long)g.Count());
        var finalLikes = likes.GroupBy(l => l.TweetId).ToDictionary(g => g.Key, g => g.MaxBy(l => l.LikesOffset)!.Count);
        var expectedTop = conferences.ToDictionary(c => c, c => tweets.Where(t => t.Conference == c && finalLikes.GetValueOrDefault(t.TweetId) > 0)
            .Select(t => (t.TweetId, Likes: finalLikes[t.TweetId])).OrderByDescending(t => t.Likes).ThenBy(t => t.TweetId, StringComparer.Ordinal).Take(3).ToList());
        var expectedAlerts = expectedWindows.Where(w => w.Value > PlatformFixture.AlertThreshold).Select(w => w.Key).ToHashSet();

        await EventuallyAsync(() =>
        {
            var counts = Read(kafka, Topics.TweetCounts, EventJsonContext.Default.TweetCountsChanged).Where(c => conferences.Contains(c.Conference)).ToList();
            var totals = counts.GroupBy(c => c.Conference).ToDictionary(g => g.Key, g => g.Max(c => c.Total));
            var windows = counts.GroupBy(c => (c.Conference, c.WindowStart)).ToDictionary(g => g.Key, g => g.Max(c => c.WindowCount));
            var top = Read(kafka, Topics.TopLiked, EventJsonContext.Default.TopLikedChanged).Where(t => conferences.Contains(t.Conference))
                .GroupBy(t => t.Conference).ToDictionary(g => g.Key, g => g.Last().Top.Select(r => (r.TweetId, r.Likes)).ToList());
            var alerts = Read(kafka, Topics.Alerts, EventJsonContext.Default.ConferenceAlertRaised).Where(a => conferences.Contains(a.Conference))
                .Select(a => (a.Conference, a.WindowStart)).ToHashSet();
            return conferences.All(c => totals.GetValueOrDefault(c) == expectedTotals[c])
                && expectedWindows.All(w => windows.GetValueOrDefault(w.Key) == w.Value) && windows.Count == expectedWindows.Count
                && conferences.All(c => top.GetValueOrDefault(c, []).SequenceEqual(expectedTop[c]))
                && alerts.SetEquals(expectedAlerts)
                ? null
                : $"totals {Show(totals)} vs {Show(expectedTotals)}; windows {windows.Count}/{expectedWindows.Count}; alerts {alerts.Count}/{expectedAlerts.Count}; "
                  + "top-liked: " + string.Join("; ", conferences.Where(c => !top.GetValueOrDefault(c, []).SequenceEqual(expectedTop[c]))
                      .Select(c => $"{c} got [{string.Join(",", top.GetValueOrDefault(c, []))}] expected [{string.Join(",", expectedTop[c])}]"));
        });
    }

    private static DateTimeOffset WindowStart(DateTimeOffset t) =>
        DateTimeOffset.FromUnixTimeMilliseconds(t.ToUnixTimeMilliseconds() - t.ToUnixTimeMilliseconds() % 60_000);

    private static IEnumerable<T> Read<T>(string kafka, string topic, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        KafkaTopicReader.ReadAll(kafka, topic).Select(m => EventSerializer.Deserialize(m.Message.Value, type));

    private static string Show<TKey>(IReadOnlyDictionary<TKey, long> values) where TKey : notnull =>
        string.Join(",", values.OrderBy(v => v.Key.ToString()).Select(v => $"{v.Key}={v.Value}"));

    // Reading the topics is heavy: re-check every half second.
    private static Task EventuallyAsync(Func<string?> check) => Eventually.HoldsAsync(check, Wait, TimeSpan.FromMilliseconds(500));
}
