using TweetPlatform.Analytics.Operators;
using TweetPlatform.UnitTests.PushGateway;
using static TweetPlatform.UnitTests.Analytics.EventTimes;

namespace TweetPlatform.UnitTests.Analytics;

/// <summary>Top hashtags of the current 5-minute window, for all tweets and per conference.</summary>
public sealed class TrendingHashtagsTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(20);

    private static TrendingHashtagsUpdate Update(string? conference, TimeWindow window, params (string Tag, long Count)[] tags) =>
        new(conference, window.Start, window.End, tags.Select(t => new HashtagCount(t.Tag, t.Count)).ToArray());

    [Fact]
    public void The_current_window_is_the_one_containing_stream_time_that_ends_next()
    {
        Assert.Equal(new TimeWindow(At(-240), At(60)), TrendingHashtags.CurrentWindowAt(At(45)));
        Assert.Equal(new TimeWindow(At(-210), At(90)), TrendingHashtags.CurrentWindowAt(At(60)));
    }

    [Fact]
    public void A_tweet_emits_the_list_for_all_tweets_and_for_its_conference()
    {
        var trending = new TrendingHashtags(Grace);
        var window = TrendingHashtags.CurrentWindowAt(At(10));

        var updates = trending.Add("javaone", ["java", "javaone"], At(10));

        Assert.Equal(
            [Update(null, window, ("java", 1), ("javaone", 1)), Update("javaone", window, ("java", 1), ("javaone", 1))],
            updates);

        Assert.Equal([Update(null, window, ("java", 2), ("javaone", 1))], trending.Add(null, ["java", "java"], At(12)));
        Assert.Equal(Update("javaone", window, ("java", 1), ("javaone", 1)), trending.Current("javaone"));
    }

    [Fact]
    public void Without_the_all_tweets_scope_a_conference_tweet_ranks_only_in_its_conference()
    {
        var trending = new TrendingHashtags(Grace, countAllTweets: false);
        var window = TrendingHashtags.CurrentWindowAt(At(10));

        Assert.Equal([Update("javaone", window, ("java", 1))], trending.Add("javaone", ["java"], At(10)));
        Assert.Null(trending.Current(null)!.Conference);
        Assert.Empty(trending.Current(null)!.Hashtags);
    }

    [Fact]
    public void A_window_counts_the_tweets_of_its_ten_slots_and_drops_a_slot_when_it_moves_on()
    {
        var trending = new TrendingHashtags(Grace);
        trending.Add(null, ["old"], At(5));          // slot [0, 30)
        trending.Add(null, ["old", "new"], At(250)); // slot [240, 270)

        // Stream time 250: the current window is [-30, 270) and holds both slots.
        Assert.Equal(Update(null, new TimeWindow(At(-30), At(270)), ("old", 2), ("new", 1)), trending.Current(null));

        // Stream time 305: the current window is [30, 330); slot [0, 30) is no longer in it.
        var moved = trending.Add(null, ["new"], At(305));
        Assert.Equal([Update(null, new TimeWindow(At(30), At(330)), ("new", 2), ("old", 1))], moved);
    }

    [Fact]
    public void Only_the_top_ten_are_listed_ties_by_hashtag()
    {
        var trending = new TrendingHashtags(Grace);
        for (var i = 0; i < 12; i++)
        {
            trending.Add(null, [$"tag{i:00}"], At(1));
        }
        trending.Add(null, ["tag11"], At(2));

        var current = trending.Current(null)!;
        Assert.Equal(10, current.Hashtags.Count);
        Assert.Equal(new HashtagCount("tag11", 2), current.Hashtags[0]);
        Assert.Equal(["tag00", "tag01", "tag02", "tag03", "tag04", "tag05", "tag06", "tag07", "tag08"], current.Hashtags.Skip(1).Select(h => h.Hashtag));
        Assert.Empty(trending.Add(null, [], At(3))); // same window, same counts: nothing to emit

        var overtaking = Assert.Single(trending.Add(null, ["tag10"], At(4)));
        Assert.Equal(["tag10", "tag11", "tag00", "tag01", "tag02", "tag03", "tag04", "tag05", "tag06", "tag07"], overtaking.Hashtags.Select(h => h.Hashtag));
    }

    [Fact]
    public void The_list_moves_with_stream_time_and_old_tweets_leave_it()
    {
        var trending = new TrendingHashtags(Grace);
        trending.Add(null, ["old"], At(10));
        trending.Add(null, ["new"], At(200));

        // Stream time 300 s: the current window is [30 s, 330 s), without the tweet at 10 s.
        var updates = trending.Add(null, [], At(300));

        Assert.Equal([Update(null, new TimeWindow(At(30), At(330)), ("new", 1))], updates);
    }

    [Fact]
    public void A_scope_whose_list_empties_emits_one_empty_list_then_stays_quiet()
    {
        var trending = new TrendingHashtags(Grace);
        trending.Add("javaone", ["a"], At(10));

        var updates = trending.Add(null, ["b"], At(400));

        Assert.Contains(Update("javaone", TrendingHashtags.CurrentWindowAt(At(400))), updates);
        Assert.DoesNotContain(trending.Add(null, ["b"], At(430)), u => u.Conference == "javaone");
        Assert.False(trending.Emitted.ContainsKey("javaone"));
    }

    [Fact]
    public void A_late_tweet_emits_nothing_and_is_counted_once()
    {
        var metrics = new TestMeterFactory();
        var trending = new TrendingHashtags(Grace, new LateEventMetric(metrics));
        trending.Add("javaone", ["a"], At(1000));

        Assert.Empty(trending.Add("javaone", ["a", "b", "c"], At(600)));

        Assert.Equal(1, trending.LateCount);
        Assert.Equal(1, metrics.Total(LateEventMetric.InstrumentName));
    }

    [Fact]
    public void Expired_windows_leave_no_state()
    {
        var trending = new TrendingHashtags(Grace);
        for (var i = 0; i < 3000; i++)
        {
            trending.Add($"c{i % 3}", [$"t{i % 7}", $"u{i % 5}"], At(i * 5));
        }

        // 3 conferences + all tweets, 12 hashtags, 10 open windows and one in its grace period.
        Assert.True(trending.Counter.Counts.Count <= 4 * 12 * 11, $"{trending.Counter.Counts.Count} entries kept");
        Assert.True(trending.Emitted.Count <= 4);
        Assert.Equal(0, trending.Counter.Totals.Count);
    }

    [Fact]
    public void A_restored_instance_emits_what_the_original_would_have()
    {
        var random = new Random(21);
        var original = new TrendingHashtags(Grace);
        var restored = new TrendingHashtags(Grace);
        var t = 0.0;
        (string?, string[], DateTimeOffset) NextTweet()
        {
            t += random.NextDouble() * 3;
            var conference = random.Next(3) == 0 ? null : $"c{random.Next(3)}";
            return (conference, [$"h{random.Next(15)}", $"h{random.Next(15)}"], At(t - random.NextDouble() * 15));
        }
        for (var i = 0; i < 300; i++)
        {
            var (conference, tags, createdAt) = NextTweet();
            original.Add(conference, tags, createdAt);
        }

        Changelog.Ship(original.Counter, restored.Counter);
        Changelog.Ship(original.Emitted, restored.Emitted);

        for (var i = 0; i < 300; i++)
        {
            var (conference, tags, createdAt) = NextTweet();
            Assert.Equal(original.Add(conference, tags, createdAt), restored.Add(conference, tags, createdAt));
        }
    }
}
