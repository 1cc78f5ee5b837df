using TweetPlatform.Analytics.Operators;
using static TweetPlatform.UnitTests.Analytics.EventTimes;

namespace TweetPlatform.UnitTests.Analytics;

/// <summary>"More than T tweets within a minute": once per conference and window, restarts included.</summary>
public sealed class ConferenceAlertsTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);

    [Fact]
    public void Fires_once_when_the_window_count_first_exceeds_the_threshold()
    {
        var alerts = new ConferenceAlerts(threshold: 3, Grace);

        Assert.Null(alerts.Add("javaone", At(1)));
        Assert.Null(alerts.Add("javaone", At(2)));
        Assert.Null(alerts.Add("javaone", At(3))); // 3 is not more than 3
        Assert.Null(alerts.Add("devoxx", At(3)));
        Assert.Equal(new ConferenceAlert("javaone", At(0), At(60), 4, 3), alerts.Add("javaone", At(4)));
        Assert.Null(alerts.Add("javaone", At(5)));
        Assert.Null(alerts.Add("javaone", At(6)));
    }

    [Fact]
    public void Each_window_and_each_conference_fires_on_its_own()
    {
        var alerts = new ConferenceAlerts(threshold: 1, Grace);
        var fired = new List<ConferenceAlert>();
        foreach (var (conference, seconds) in new[] { ("a", 1), ("a", 2), ("b", 3), ("b", 4), ("a", 61), ("a", 62), ("a", 63) })
        {
            if (alerts.Add(conference, At(seconds)) is { } alert)
            {
                fired.Add(alert);
            }
        }

        Assert.Equal(
            [
                new ConferenceAlert("a", At(0), At(60), 2, 1),
                new ConferenceAlert("b", At(0), At(60), 2, 1),
                new ConferenceAlert("a", At(60), At(120), 2, 1),
            ],
            fired);
    }

    [Fact]
    public void Events_applied_again_after_a_restore_do_not_fire_again()
    {
        var original = new ConferenceAlerts(threshold: 2, Grace);
        var events = new[] { At(1), At(2), At(3), At(4) };
        Assert.Single(events.Select(t => original.Add("javaone", t)).OfType<ConferenceAlert>());

        // The instance dies after its state reached the changelog but before its input offsets were committed.
        var restored = new ConferenceAlerts(threshold: 2, Grace);
        Changelog.Ship(original.Counter, restored.Counter);
        Changelog.Ship(original.Fired, restored.Fired);

        Assert.Empty(events.Select(t => restored.Add("javaone", t)).OfType<ConferenceAlert>());
        var nextMinute = new[] { At(61), At(62), At(63) }.Select(t => restored.Add("javaone", t)).OfType<ConferenceAlert>();
        Assert.Equal([new ConferenceAlert("javaone", At(60), At(120), 3, 2)], nextMinute);
    }

    [Fact]
    public void A_late_tweet_cannot_fire_and_closed_windows_leave_no_state()
    {
        var alerts = new ConferenceAlerts(threshold: 1, Grace);
        alerts.Add("javaone", At(1));
        alerts.Add("javaone", At(2));
        alerts.Add("javaone", At(600));

        Assert.Null(alerts.Add("other", At(3)));
        Assert.Equal(1, alerts.LateCount);
        Assert.Equal(0, alerts.Fired.Count);
        Assert.Equal(1, alerts.Counter.Counts.Count);
    }
}
