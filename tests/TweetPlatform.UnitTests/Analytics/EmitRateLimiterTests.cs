using Microsoft.Extensions.Time.Testing;
using TweetPlatform.Analytics.Operators;

namespace TweetPlatform.UnitTests.Analytics;

/// <summary>At most one emit per key per interval, and the last suppressed value is delayed, never lost.</summary>
public sealed class EmitRateLimiterTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2017, 4, 17, 13, 0, 0, TimeSpan.Zero));

    private static KeyValuePair<string, int> Pair(string key, int value) => new(key, value);

    [Fact]
    public void The_first_update_goes_out_and_later_ones_within_the_interval_are_held()
    {
        var limiter = new EmitRateLimiter<string, int>(Interval, _time);

        Assert.True(limiter.TryEmit("j", 1));
        Assert.False(limiter.TryEmit("j", 2));
        Assert.False(limiter.TryEmit("j", 3));
        Assert.Equal(1, limiter.PendingCount);

        _time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Empty(limiter.DueUpdates());
    }

    [Fact]
    public void Once_the_interval_has_passed_the_latest_suppressed_value_is_released_once()
    {
        var limiter = new EmitRateLimiter<string, int>(Interval, _time);
        limiter.TryEmit("j", 1);
        limiter.TryEmit("j", 2);
        limiter.TryEmit("j", 3);
        Assert.Equal(_time.GetUtcNow() + Interval, limiter.NextDueAt);

        _time.Advance(Interval);

        Assert.Equal([Pair("j", 3)], limiter.DueUpdates());
        Assert.Empty(limiter.DueUpdates());
        Assert.Null(limiter.NextDueAt);
        // The release counts as an emit: the next update within the interval is held again.
        Assert.False(limiter.TryEmit("j", 4));
        _time.Advance(Interval);
        Assert.Equal([Pair("j", 4)], limiter.DueUpdates());
    }

    [Fact]
    public void A_newer_update_after_the_interval_goes_out_and_replaces_the_held_one()
    {
        var limiter = new EmitRateLimiter<string, int>(Interval, _time);
        limiter.TryEmit("j", 1);
        limiter.TryEmit("j", 2);
        _time.Advance(Interval);

        Assert.True(limiter.TryEmit("j", 3));
        Assert.Empty(limiter.DueUpdates());
        Assert.Equal(0, limiter.PendingCount);
    }

    [Fact]
    public void Keys_are_limited_independently_and_released_earliest_due_first()
    {
        var limiter = new EmitRateLimiter<string, int>(Interval, _time);
        Assert.True(limiter.TryEmit("a", 1));
        _time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.True(limiter.TryEmit("b", 1));
        Assert.False(limiter.TryEmit("b", 2));
        Assert.False(limiter.TryEmit("a", 2));

        _time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal([Pair("a", 2)], limiter.DueUpdates());
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal([Pair("b", 2)], limiter.DueUpdates());
    }

    [Fact]
    public void Flush_releases_every_held_value_at_once()
    {
        var limiter = new EmitRateLimiter<string, int>(Interval, _time);
        limiter.TryEmit("a", 1);
        limiter.TryEmit("b", 1);
        limiter.TryEmit("b", 2);
        limiter.TryEmit("a", 2);

        Assert.Equal([Pair("b", 2), Pair("a", 2)], limiter.Flush());
        Assert.Empty(limiter.Flush());
        Assert.Equal(0, limiter.PendingCount);
    }

    [Fact]
    public void Discarded_keys_lose_their_held_value_and_the_others_keep_theirs()
    {
        var limiter = new EmitRateLimiter<string, int>(Interval, _time);
        limiter.TryEmit("lost:a", 1);
        limiter.TryEmit("lost:a", 2);
        limiter.TryEmit("kept:b", 1);
        limiter.TryEmit("kept:b", 2);

        limiter.Discard(key => key.StartsWith("lost:", StringComparison.Ordinal));

        Assert.Equal([Pair("kept:b", 2)], limiter.Flush());
        Assert.True(limiter.TryEmit("lost:a", 3)); // forgotten entirely: the next value goes out at once
    }

    [Fact]
    public void A_key_idle_for_an_interval_emits_at_once_again()
    {
        var limiter = new EmitRateLimiter<string, int>(Interval, _time);
        limiter.TryEmit("a", 1);
        _time.Advance(TimeSpan.FromSeconds(3));
        Assert.Empty(limiter.DueUpdates()); // also forgets "a"

        Assert.True(limiter.TryEmit("a", 2));
    }
}
