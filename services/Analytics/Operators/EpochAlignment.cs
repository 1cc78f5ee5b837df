namespace TweetPlatform.Analytics.Operators;

/// <summary>
/// Window boundaries are multiples of a step counted from the Unix epoch in UTC, so every instance
/// (and every time zone an event was stamped in) cuts time at the same instants.
/// </summary>
internal static class EpochAlignment
{
    private static readonly long EpochTicks = DateTimeOffset.UnixEpoch.UtcTicks;

    /// <summary>The latest boundary at or before <paramref name="t"/> (floor, also before the epoch).</summary>
    public static DateTimeOffset Floor(DateTimeOffset t, TimeSpan step)
    {
        var remainder = (t.UtcTicks - EpochTicks) % step.Ticks;
        if (remainder < 0)
        {
            remainder += step.Ticks; // C# % truncates toward zero; windows must not start after the event
        }
        return new DateTimeOffset(t.UtcTicks - remainder, TimeSpan.Zero);
    }
}
