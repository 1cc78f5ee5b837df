using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using TweetPlatform.PushGateway.Consuming;
using TweetPlatform.PushGateway.Feed;
using TweetPlatform.PushGateway.Projection;
using TweetPlatform.PushGateway.Sse;

namespace TweetPlatform.UnitTests.PushGateway;

/// <summary>The memory of a burst of cut-off clients is given back once the burst is over, not on every cut-off.</summary>
public sealed class CutOffMemoryReleaseTests
{
    private readonly FakeTimeProvider _time = new();
    private int _releases;

    private CutOffMemoryRelease Create(int threshold) =>
        new(threshold, _time, NullLogger<CutOffMemoryRelease>.Instance, () => _releases++);

    private static void CutOff(CutOffMemoryRelease release, int clients)
    {
        for (var i = 0; i < clients; i++)
        {
            release.CutOff();
        }
    }

    [Fact]
    public void A_burst_at_the_threshold_is_released_a_second_after_its_last_cut_off()
    {
        using var release = Create(threshold: 3);
        CutOff(release, 2);
        _time.Advance(TimeSpan.FromMilliseconds(900));
        release.CutOff();
        _time.Advance(TimeSpan.FromMilliseconds(900));
        Assert.Equal(0, _releases); // the burst goes on until a second has passed without a cut-off

        _time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(1, _releases);
        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(1, _releases);
    }

    [Fact]
    public void A_smaller_burst_is_not_released_and_does_not_count_towards_the_next()
    {
        using var release = Create(threshold: 3);
        CutOff(release, 2);
        _time.Advance(TimeSpan.FromSeconds(2));
        CutOff(release, 2);
        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(0, _releases);
    }

    [Fact]
    public void Bursts_within_a_minute_of_a_release_are_released_together_when_the_minute_is_over()
    {
        using var release = Create(threshold: 3);
        CutOff(release, 3);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, _releases);

        CutOff(release, 3);
        _time.Advance(TimeSpan.FromSeconds(10));
        CutOff(release, 1);
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1, _releases);

        _time.Advance(TimeSpan.FromSeconds(40));
        Assert.Equal(2, _releases);
    }

    [Fact]
    public void Threshold_zero_never_releases()
    {
        using var release = Create(threshold: 0);
        CutOff(release, 1_000);
        _time.Advance(TimeSpan.FromMinutes(2));

        Assert.Equal(0, _releases);
    }
}
