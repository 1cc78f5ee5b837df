namespace TweetPlatform.UnitTests.Analytics;

/// <summary>Event times for the stream tests: seconds after a minute boundary (so also a 30 s boundary).</summary>
internal static class EventTimes
{
    public static readonly DateTimeOffset T0 = new(2017, 4, 17, 13, 0, 0, TimeSpan.Zero);

    public static DateTimeOffset At(double seconds) => T0.AddSeconds(seconds);
}
