using TweetPlatform.Analytics.Operators;
using static TweetPlatform.UnitTests.Analytics.EventTimes;

namespace TweetPlatform.UnitTests.Analytics;

/// <summary>Hopping windows: every window that contains an instant, epoch-aligned, oldest first.</summary>
public sealed class HoppingWindowsTests
{
    private readonly HoppingWindows _trending = new(TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(30));

    [Fact]
    public void A_30_second_advance_gives_10_windows_of_5_minutes_oldest_first()
    {
        var windows = _trending.WindowsFor(At(45));

        Assert.Equal(10, windows.Count);
        Assert.Equal(10, _trending.WindowsPerInstant);
        Assert.Equal(new TimeWindow(At(30 - 270), At(30 + 30)), windows[0]);
        Assert.Equal(new TimeWindow(At(30), At(330)), windows[^1]);
        Assert.All(windows, w => Assert.True(w.Contains(At(45))));
        Assert.Equal(windows.OrderBy(w => w).ToArray(), windows);
        Assert.All(windows.Zip(windows.Skip(1)), pair => Assert.Equal(TimeSpan.FromSeconds(30), pair.Second.Start - pair.First.Start));
    }

    [Fact]
    public void An_event_exactly_on_a_boundary_starts_the_latest_window_and_is_not_in_the_one_ending_there()
    {
        var windows = _trending.WindowsFor(At(60));

        Assert.Equal(At(60), windows[^1].Start);
        Assert.Equal(At(90), windows[0].End);
        Assert.DoesNotContain(windows, w => w.End == At(60));
        Assert.Contains(new TimeWindow(At(-240), At(60)), _trending.WindowsFor(At(59.999)));
    }

    [Fact]
    public void Windows_just_outside_the_returned_ones_do_not_contain_the_instant()
    {
        var random = new Random(11);
        var advance = TimeSpan.FromSeconds(30);
        for (var i = 0; i < 1000; i++)
        {
            var t = At(random.NextDouble() * 100_000 - 50_000);
            var windows = _trending.WindowsFor(t);

            Assert.All(windows, w => Assert.True(w.Contains(t)));
            Assert.False(new TimeWindow(windows[0].Start - advance, windows[0].End - advance).Contains(t));
            Assert.False(new TimeWindow(windows[^1].Start + advance, windows[^1].End + advance).Contains(t));
        }
    }

    [Fact]
    public void Times_before_the_epoch_and_in_other_offsets_align_to_the_same_utc_boundaries()
    {
        var beforeEpoch = DateTimeOffset.UnixEpoch.AddSeconds(-10);
        Assert.Equal(DateTimeOffset.UnixEpoch.AddSeconds(-30), _trending.WindowsFor(beforeEpoch)[^1].Start);

        var local = new DateTimeOffset(2017, 4, 17, 8, 0, 45, TimeSpan.FromHours(-5));
        Assert.Equal(_trending.WindowsFor(At(45)), _trending.WindowsFor(local));
    }

    [Fact]
    public void The_size_must_be_a_positive_whole_multiple_of_the_advance()
    {
        Assert.Throws<ArgumentException>(() => new HoppingWindows(TimeSpan.FromSeconds(70), TimeSpan.FromSeconds(30)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HoppingWindows(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HoppingWindows(TimeSpan.FromMinutes(5), TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HoppingWindows(TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(-30)));
        Assert.Single(new HoppingWindows(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30)).WindowsFor(At(1)));
    }
}
