using TweetPlatform.EventBus;
using TweetPlatform.Analytics;
using TweetPlatform.Analytics.Processing;
using TweetPlatform.Contracts;
using TweetPlatform.Contracts.Events;

namespace TweetPlatform.UnitTests.Analytics;

/// <summary>One partition's analytics task: repeats are skipped, scopes sharing a partition are not, and a restored task continues exactly.</summary>
public sealed class AnalyticsTaskTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 10, TimeSpan.Zero);
    private static readonly AnalyticsOptions Options = new() { AlertThreshold = 2, Grace = TimeSpan.FromSeconds(30) };

    private static ConferenceActivity Tweet(string scope, long sourceOffset, string tweetId) => new()
    {
        Kind = "tweet", Conference = scope, TweetId = tweetId, EventTime = Now, Hashtags = ["kafka"],
        SourceTopic = Topics.Tweets, SourcePartition = 3, SourceOffset = sourceOffset,
    };

    private static ConferenceActivity Likes(string conference, string tweetId, int count, long likesOffset) => new()
    {
        Kind = "likes", Conference = conference, TweetId = tweetId, EventTime = Now, LikeCount = count,
        SourceTopic = Topics.LikeCounts, SourcePartition = 3, SourceOffset = likesOffset,
    };

    private static List<T> Findings<T>(IEnumerable<Finding> findings, string topic, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        findings.Where(f => f.Topic == topic).Select(f => EventSerializer.Deserialize(f.Value, type)).ToList();

    [Fact]
    public void The_overall_and_a_conference_record_of_one_tweet_both_count_when_they_share_a_partition()
    {
        var task = new AnalyticsTask(0, Options, lateEvents: null);

        var overall = task.Apply(Tweet("*", 7, "t1"), inputOffset: 0, default);
        var conference = task.Apply(Tweet("javaone", 7, "t1"), inputOffset: 1, default);

        Assert.Single(Findings(overall, Topics.TrendingHashtags, EventJsonContext.Default.TrendingHashtagsChanged), t => t.Conference == "*");
        Assert.Equal(1, Findings(conference, Topics.TweetCounts, EventJsonContext.Default.TweetCountsChanged).Single().Total);
    }

    [Fact]
    public void A_record_delivered_again_or_routed_again_is_not_counted_twice()
    {
        var task = new AnalyticsTask(0, Options, lateEvents: null);
        task.Apply(Tweet("javaone", 7, "t1"), inputOffset: 0, default);

        Assert.Empty(task.Apply(Tweet("javaone", 7, "t1"), inputOffset: 0, default)); // same input offset again
        Assert.Empty(task.Apply(Tweet("javaone", 7, "t1"), inputOffset: 5, default)); // routed again: same source offset
        var next = task.Apply(Tweet("javaone", 8, "t2"), inputOffset: 6, default);
        Assert.Equal(2, Findings(next, Topics.TweetCounts, EventJsonContext.Default.TweetCountsChanged).Single().Total);
    }

    [Fact]
    public void An_older_like_count_never_overwrites_a_newer_one()
    {
        var task = new AnalyticsTask(0, Options, lateEvents: null);
        task.Apply(Likes("javaone", "t1", 5, likesOffset: 10), 0, default);

        Assert.Empty(task.Apply(Likes("javaone", "t1", 2, likesOffset: 4), 1, default));
        var top = Findings(task.Apply(Likes("javaone", "t1", 7, likesOffset: 11), 2, default), Topics.TopLiked, EventJsonContext.Default.TopLikedChanged).Single();
        Assert.Equal([new RankedTweet("t1", 7)], top.Top);
    }

    [Fact]
    public void A_task_restored_from_its_changelog_continues_where_the_old_one_stopped()
    {
        var original = new AnalyticsTask(0, Options, lateEvents: null);
        var changelog = new List<(string Key, byte[]? Value)>();
        original.Apply(Tweet("javaone", 1, "t1"), 0, default);
        original.Apply(Tweet("javaone", 2, "t2"), 1, default); // two tweets: not above the threshold of 2 yet
        changelog.AddRange(original.TakeChanges());

        var restored = new AnalyticsTask(0, Options, lateEvents: null);
        foreach (var (key, value) in changelog)
        {
            Assert.True(restored.Restore(key, value), $"Unknown changelog key {key}");
        }

        Assert.Empty(restored.Apply(Tweet("javaone", 2, "t2"), 1, default)); // replayed input after the crash
        var third = restored.Apply(Tweet("javaone", 3, "t3"), 2, default);
        Assert.Equal(3, Findings(third, Topics.TweetCounts, EventJsonContext.Default.TweetCountsChanged).Single().Total);
        Assert.Single(Findings(third, Topics.Alerts, EventJsonContext.Default.ConferenceAlertRaised));
        changelog.AddRange(restored.TakeChanges());

        var again = new AnalyticsTask(0, Options, lateEvents: null);
        changelog.ForEach(c => again.Restore(c.Key, c.Value));
        var fourth = again.Apply(Tweet("javaone", 4, "t4"), 3, default);
        Assert.Empty(Findings(fourth, Topics.Alerts, EventJsonContext.Default.ConferenceAlertRaised)); // raised once per window, even after a restore
        Assert.Equal(4, Findings(fourth, Topics.TweetCounts, EventJsonContext.Default.TweetCountsChanged).Single().Total);
    }
}
