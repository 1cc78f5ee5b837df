using TweetPlatform.Analytics.Operators;
using TweetPlatform.Contracts.Events;
using TweetPlatform.UnitTests.PushGateway;
using static TweetPlatform.UnitTests.Analytics.EventTimes;

namespace TweetPlatform.UnitTests.Analytics;

/// <summary>Tweets per conference per minute and all-time.</summary>
public sealed class TweetCountsPerConferenceTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(15);

    [Fact]
    public void Each_tweet_emits_its_window_count_and_the_conference_total()
    {
        var counts = new TweetCountsPerConference(Grace);

        Assert.Equal(new TweetCountUpdate("javaone", At(0), At(60), 1, 1), counts.Add("javaone", At(5)));
        Assert.Equal(new TweetCountUpdate("javaone", At(0), At(60), 2, 2), counts.Add("javaone", At(59)));
        Assert.Equal(new TweetCountUpdate("devoxx", At(0), At(60), 1, 1), counts.Add("devoxx", At(30)));
        Assert.Equal(new TweetCountUpdate("javaone", At(60), At(120), 1, 3), counts.Add("javaone", At(60)));
        Assert.Equal(new TweetCountUpdate("javaone", At(0), At(60), 3, 4), counts.Add("javaone", At(50))); // in grace
    }

    [Fact]
    public void A_late_tweet_emits_nothing_is_not_in_the_total_and_is_counted_as_late()
    {
        var metrics = new TestMeterFactory();
        var counts = new TweetCountsPerConference(Grace, new LateEventMetric(metrics));
        counts.Add("javaone", At(5));
        counts.Add("javaone", At(75));

        Assert.Null(counts.Add("javaone", At(59)));

        Assert.Equal(1, counts.LateCount);
        Assert.Equal(1, metrics.Total(LateEventMetric.InstrumentName));
        Assert.Equal(2, counts.Counter.TotalOf("javaone"));
    }

    [Fact]
    public void Tweets_without_a_conference_are_not_counted()
    {
        var counts = new TweetCountsPerConference(Grace);
        var tweet = new TweetReceived
        {
            TweetId = "1", Text = "hi", Author = "a", CreatedAt = At(1), ReceivedAt = At(1), Source = "api",
        };

        Assert.Null(counts.Add(tweet));
        Assert.Equal(new TweetCountUpdate("javaone", At(0), At(60), 1, 1), counts.Add(tweet with { Conference = "javaone" }));
    }

    [Fact]
    public void Closed_minutes_are_expired_while_totals_stay()
    {
        var counts = new TweetCountsPerConference(Grace);
        for (var minute = 0; minute < 500; minute++)
        {
            counts.Add("javaone", At(minute * 60 + 1));
            counts.Add("devoxx", At(minute * 60 + 2));
        }

        Assert.True(counts.Counter.Counts.Count <= 4, $"{counts.Counter.Counts.Count} windows kept");
        Assert.Equal(500, counts.Counter.TotalOf("javaone"));
        Assert.Equal(500, counts.Counter.TotalOf("devoxx"));
    }
}
