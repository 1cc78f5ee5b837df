using TweetPlatform.Analytics.Operators;
using static TweetPlatform.UnitTests.Analytics.EventTimes;

namespace TweetPlatform.UnitTests.Analytics;

/// <summary>
/// Thousands of generated tweets, out of order by at most the grace period, through the operators and
/// through a brute-force computation over the same events; halfway the operators are replaced by
/// copies restored from their changelogs, as after a restart.
/// </summary>
public sealed class RandomizedStreamTests
{
    private const int TweetCount = 4000;
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(20);
    private static readonly string?[] Conferences = ["javaone", "devoxx", "kubecon", "qcon", null];

    private sealed record Tweet(string? Conference, string[] Hashtags, DateTimeOffset CreatedAt);

    [Fact]
    public void Tweet_counts_and_trending_hashtags_match_a_brute_force_computation()
    {
        var tweets = Generate(new Random(20170417));
        var counts = new TweetCountsPerConference(Grace);
        var trending = new TrendingHashtags(Grace);
        var countsCopy = new TweetCountsPerConference(Grace);
        var trendingCopy = new TrendingHashtags(Grace);
        var lastTrending = new Dictionary<string, TrendingHashtagsUpdate>();
        var streamTime = DateTimeOffset.MinValue;

        for (var i = 0; i < tweets.Count; i++)
        {
            var tweet = tweets[i];
            streamTime = tweet.CreatedAt > streamTime ? tweet.CreatedAt : streamTime;
            var seen = tweets.Take(i + 1).ToList();

            if (tweet.Conference is { } conference)
            {
                var update = counts.Add(conference, tweet.CreatedAt);
                var minute = MinuteOf(tweet.CreatedAt);
                var inConference = seen.Where(t => t.Conference == conference).ToList();
                Assert.Equal(
                    new TweetCountUpdate(conference, minute, minute.AddMinutes(1), inConference.Count(t => MinuteOf(t.CreatedAt) == minute), inConference.Count),
                    update);
            }

            foreach (var update in trending.Add(tweet.Conference, tweet.Hashtags, tweet.CreatedAt))
            {
                lastTrending[update.Conference ?? "*"] = update;
            }
            if (i % 20 == 0 || i == tweets.Count - 1)
            {
                AssertTrendingMatches(seen, streamTime, trending, lastTrending);
            }

            Changelog.Ship(counts.Counter, countsCopy.Counter);
            Changelog.Ship(trending.Counter, trendingCopy.Counter);
            Changelog.Ship(trending.Emitted, trendingCopy.Emitted);
            if (i == tweets.Count / 2)
            {
                (counts, trending) = (countsCopy, trendingCopy); // a restart: continue from the restored state
            }
        }

        Assert.Equal(0, counts.LateCount);
        Assert.Equal(0, trending.LateCount);
        // Expiry kept only windows that can still change: none closed, and they agree with the brute force.
        Assert.All(counts.Counter.Counts.Entries, e =>
        {
            Assert.False(counts.Counter.IsClosed(e.Key.Window));
            Assert.Equal(tweets.Count(t => t.Conference == e.Key.Key && e.Key.Window.Contains(t.CreatedAt)), e.Value);
        });
        Assert.All(Conferences.OfType<string>(), c => Assert.Equal(tweets.Count(t => t.Conference == c), counts.Counter.TotalOf(c)));
        Assert.True(trending.Counter.Counts.Count <= Conferences.Length * 30 * 11, $"{trending.Counter.Counts.Count} entries kept");
    }

    private static List<Tweet> Generate(Random random)
    {
        var tweets = new List<Tweet>(TweetCount);
        var clock = T0;
        for (var i = 0; i < TweetCount; i++)
        {
            clock = clock.AddMilliseconds(random.Next(0, 1500));
            // Out of order by up to the grace period: stream time (<= clock) - created <= grace, so nothing is late.
            var createdAt = clock.AddMilliseconds(-random.Next(0, (int)Grace.TotalMilliseconds + 1));
            var hashtags = Enumerable.Range(0, random.Next(0, 4))
                .Select(_ => $"tag{random.Next(30) * random.Next(30) / 30}") // skewed: some hashtags trend
                .ToArray();
            tweets.Add(new Tweet(Conferences[random.Next(Conferences.Length)], hashtags, createdAt));
        }
        return tweets;
    }

    private static DateTimeOffset MinuteOf(DateTimeOffset t) =>
        DateTimeOffset.FromUnixTimeMilliseconds(t.ToUnixTimeMilliseconds() / 60_000 * 60_000);

    private static void AssertTrendingMatches(
        List<Tweet> seen, DateTimeOffset streamTime, TrendingHashtags trending, Dictionary<string, TrendingHashtagsUpdate> lastEmitted)
    {
        // The 5-minute window that contains stream time and ends at the next 30 s boundary.
        var end = DateTimeOffset.FromUnixTimeMilliseconds(streamTime.ToUnixTimeMilliseconds() / 30_000 * 30_000 + 30_000);
        var start = end.AddMinutes(-5);
        foreach (var conference in Conferences)
        {
            var expected = seen
                .Where(t => (conference is null || t.Conference == conference) && t.CreatedAt >= start && t.CreatedAt < end)
                .SelectMany(t => t.Hashtags.Distinct())
                .GroupBy(tag => tag)
                .Select(g => new HashtagCount(g.Key, g.Count()))
                .OrderByDescending(h => h.Count).ThenBy(h => h.Hashtag, StringComparer.Ordinal)
                .Take(10)
                .ToArray();

            Assert.Equal(new TrendingHashtagsUpdate(conference, start, end, expected), trending.Current(conference));
            // What was emitted last for the scope is what it shows now: no change went unemitted.
            if (lastEmitted.TryGetValue(conference ?? "*", out var emitted))
            {
                Assert.Equal(expected, emitted.Hashtags);
                if (expected.Length > 0)
                {
                    Assert.Equal((start, end), (emitted.WindowStart, emitted.WindowEnd));
                }
            }
            else
            {
                Assert.Empty(expected);
            }
        }
    }
}
