using TweetPlatform.Analytics.Operators;
using TweetPlatform.UnitTests.PushGateway;
using static TweetPlatform.UnitTests.Analytics.EventTimes;

namespace TweetPlatform.UnitTests.Analytics;

/// <summary>Windowed counts: stream time, grace, late events, expiry and restoring from the stores.</summary>
public sealed class WindowedCounterTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);

    private static WindowedCounter<string> Minutes(LateEventMetric? metric = null) =>
        new("counts", new TumblingWindows(TimeSpan.FromMinutes(1)), Grace, lateEvents: metric);

    [Fact]
    public void Counts_per_key_and_window_and_all_time()
    {
        var counter = Minutes();

        counter.Add("a", At(1));
        counter.Add("a", At(59));
        counter.Add("b", At(2));
        var change = counter.Add("a", At(60));

        Assert.Equal([new WindowedCount<string>("a", new TimeWindow(At(60), At(120)), 1)], change.Updated);
        Assert.False(change.IsLate);
        Assert.Equal(2, counter.CountOf("a", new TimeWindow(At(0), At(60))));
        Assert.Equal(1, counter.CountOf("b", new TimeWindow(At(0), At(60))));
        Assert.Equal(3, counter.TotalOf("a"));
        Assert.Equal(1, counter.TotalOf("b"));
    }

    [Fact]
    public void With_hopping_windows_one_event_updates_every_window_containing_it()
    {
        var counter = new WindowedCounter<string>("h", new HoppingWindows(TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(30)), Grace);

        counter.Add("a", At(10));
        var change = counter.Add("a", At(20));

        Assert.Equal(10, change.Updated.Count);
        Assert.All(change.Updated, u => Assert.Equal(2, u.Count));
        Assert.Equal(2, counter.TotalOf("a"));
    }

    [Fact]
    public void Stream_time_is_the_largest_event_time_and_never_moves_back()
    {
        var counter = Minutes();
        Assert.Null(counter.ObservedEventTime.Current);

        counter.Add("a", At(30));
        counter.Add("a", At(25));
        Assert.Equal(At(30), counter.ObservedEventTime.Current);

        counter.Add("a", At(40));
        counter.Add("a", At(-1000)); // late, and still no step back
        Assert.Equal(At(40), counter.ObservedEventTime.Current);
    }

    [Fact]
    public void An_event_just_inside_grace_counts_and_one_at_end_plus_grace_is_late_and_dropped()
    {
        var metrics = new TestMeterFactory();
        var counter = Minutes(new LateEventMetric(metrics));
        var firstMinute = new TimeWindow(At(0), At(60));
        counter.Add("a", At(10));

        counter.Add("b", At(69.999)); // stream time just before 60 s + 10 s grace: the first minute is still open
        var inside = counter.Add("a", At(50));
        Assert.False(inside.IsLate);
        Assert.Equal(2, counter.CountOf("a", firstMinute));

        counter.Add("b", At(70)); // stream time == end + grace: closed
        var late = counter.Add("a", At(59.999));

        Assert.True(late.IsLate);
        Assert.Empty(late.Updated);
        Assert.Equal(2, counter.CountOf("a", firstMinute));
        Assert.Equal(2, counter.TotalOf("a"));
        Assert.Equal(1, counter.LateCount);
        Assert.Equal(1, metrics.Total(LateEventMetric.InstrumentName));
        Assert.True(counter.IsClosed(firstMinute));
    }

    [Fact]
    public void Every_late_event_is_counted_and_none_changes_state()
    {
        var metrics = new TestMeterFactory();
        var counter = Minutes(new LateEventMetric(metrics));
        counter.Add("a", At(600));
        counter.Counts.TakeChanges();
        counter.Totals.TakeChanges();
        counter.ObservedEventTime.Store.TakeChanges();

        for (var i = 0; i < 5; i++)
        {
            Assert.True(counter.Add("a", At(i * 100)).IsLate);
        }

        Assert.Equal(5, counter.LateCount);
        Assert.Equal(5, metrics.Total(LateEventMetric.InstrumentName));
        Assert.False(counter.Counts.HasChanges || counter.Totals.HasChanges || counter.ObservedEventTime.Store.HasChanges);
    }

    [Fact]
    public void With_hopping_windows_an_event_late_for_its_oldest_windows_still_counts_in_the_open_ones()
    {
        var counter = new WindowedCounter<string>("h", new HoppingWindows(TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(30)), Grace);
        counter.Add("a", At(100));

        // Windows of t=15 end at 30, 60, ..., 300; at stream time 100 those ending by 90 are closed.
        var change = counter.Add("a", At(15));

        Assert.False(change.IsLate);
        Assert.Equal(3, change.SkippedWindows);
        Assert.Equal(7, change.Updated.Count);
        Assert.All(change.Updated, u => Assert.True(u.Window.End > At(90)));
        Assert.Equal(1, counter.LateCount);
    }

    [Fact]
    public void One_event_under_several_keys_is_late_once()
    {
        var counter = Minutes();
        counter.Add("x", At(600));

        var change = counter.AddEvent(["a", "b", "c"], At(0));

        Assert.True(change.IsLate);
        Assert.Equal(1, counter.LateCount);
    }

    [Fact]
    public void Expire_removes_closed_windows_with_their_final_counts_and_keeps_state_bounded()
    {
        var counter = Minutes();
        counter.Add("a", At(1));
        counter.Add("b", At(2));
        counter.Add("a", At(3));
        counter.Add("a", At(65));

        Assert.Empty(counter.Expire()); // stream time 65 < 60 + 10

        counter.Add("a", At(70));
        Assert.Equal(
            [new WindowedCount<string>("a", new TimeWindow(At(0), At(60)), 2), new WindowedCount<string>("b", new TimeWindow(At(0), At(60)), 1)],
            counter.Expire());
        Assert.Equal([new WindowedCount<string>("a", new TimeWindow(At(60), At(120)), 2)], counter.Counts.Entries.Select(e => new WindowedCount<string>(e.Key.Key, e.Key.Window, e.Value)));
        Assert.Equal(4 + 1, counter.TotalOf("a") + counter.TotalOf("b"));

        var random = new Random(5);
        for (var i = 0; i < 20_000; i++)
        {
            counter.Add($"k{random.Next(10)}", At(100 + i - random.Next(10)));
            counter.Expire();
            // 10 keys x at most the open windows: the current minute and one still in its grace.
            Assert.True(counter.Counts.Count <= 20, $"{counter.Counts.Count} windows kept");
        }
        Assert.Equal(0, counter.LateCount);
    }

    [Fact]
    public void A_count_back_at_zero_is_removed()
    {
        var counter = Minutes();
        counter.Add("a", At(1));

        var change = counter.Add("a", At(2), delta: -1);

        Assert.Equal(0, change.Updated[0].Count);
        Assert.Equal(0, counter.Counts.Count);
        Assert.Equal(0, counter.Totals.Count);
    }

    [Fact]
    public void A_counter_restored_from_the_changelog_has_the_same_counts_stream_time_and_lateness()
    {
        var original = Minutes();
        var restored = Minutes();
        original.Add("a", At(1));
        original.Add("a", At(75));
        original.Add("b", At(80));
        original.Expire();

        Changelog.Ship(original, restored);

        Assert.Equal(original.Counts.Entries, restored.Counts.Entries);
        Assert.Equal(original.Totals.Entries, restored.Totals.Entries);
        Assert.Equal(At(80), restored.ObservedEventTime.Current);
        Assert.True(restored.Add("a", At(30)).IsLate); // the first minute closed before the restart too
        Assert.Equal(2, restored.Add("a", At(100)).Updated[0].Count);
    }
}
