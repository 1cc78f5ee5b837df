using TweetPlatform.Analytics.Operators;
using static TweetPlatform.UnitTests.Analytics.EventTimes;

namespace TweetPlatform.UnitTests.Analytics;

/// <summary>Tumbling windows and the half-open window itself: epoch-aligned, start included, end excluded.</summary>
public sealed class TumblingWindowsTests
{
    private readonly TumblingWindows _minutes = new(TimeSpan.FromMinutes(1));

    [Fact]
    public void An_event_exactly_at_a_window_start_is_in_that_window()
    {
        Assert.Equal(new TimeWindow(At(0), At(60)), _minutes.For(At(0)));
        Assert.Equal(new TimeWindow(At(60), At(120)), _minutes.For(At(60)));
    }

    [Fact]
    public void An_event_exactly_at_a_window_end_is_in_the_next_window()
    {
        var window = _minutes.For(At(59.999));

        Assert.Equal(At(60), window.End);
        Assert.False(window.Contains(At(60)));
        Assert.True(window.Contains(At(0)));
        Assert.Equal(window.End, _minutes.For(window.End).Start);
    }

    [Fact]
    public void Windows_are_aligned_to_the_unix_epoch_in_utc_whatever_offset_the_event_carries()
    {
        // 08:00:30 at UTC-05:00 is 13:00:30 UTC: the window starts on the UTC minute, not at a local offset.
        var local = new DateTimeOffset(2017, 4, 17, 8, 0, 30, TimeSpan.FromHours(-5));
        var sevenMinutes = new TumblingWindows(TimeSpan.FromMinutes(7));

        Assert.Equal(new TimeWindow(At(0), At(60)), _minutes.For(local));
        Assert.Equal(TimeSpan.Zero, _minutes.For(local).Start.Offset);
        Assert.Equal(0, (sevenMinutes.For(local).Start - DateTimeOffset.UnixEpoch).Ticks % TimeSpan.FromMinutes(7).Ticks);
    }

    [Fact]
    public void A_time_before_the_epoch_floors_to_the_earlier_boundary_so_no_window_starts_after_its_event()
    {
        var t = DateTimeOffset.UnixEpoch.AddSeconds(-90);

        var window = _minutes.For(t);

        Assert.Equal(DateTimeOffset.UnixEpoch.AddSeconds(-120), window.Start);
        Assert.True(window.Contains(t));
    }

    [Fact]
    public void Every_instant_is_in_the_one_window_returned()
    {
        var random = new Random(7);
        for (var i = 0; i < 1000; i++)
        {
            var t = At(random.NextDouble() * 100_000);
            var windows = _minutes.WindowsFor(t);
            Assert.Single(windows);
            Assert.True(windows[0].Contains(t));
            Assert.Equal(TimeSpan.FromMinutes(1), windows[0].Size);
        }
    }

    [Fact]
    public void A_window_must_have_a_positive_size()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TumblingWindows(TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TumblingWindows(TimeSpan.FromSeconds(-1)));
        Assert.Throws<ArgumentException>(() => new TimeWindow(At(1), At(1)));
        Assert.Throws<ArgumentException>(() => new TimeWindow(At(2), At(1)));
    }
}
