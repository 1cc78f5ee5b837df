namespace TweetPlatform.Analytics.Operators;

/// <summary>
/// Overlapping windows of <see cref="Size"/> that start every <see cref="Advance"/>, aligned to the Unix
/// epoch: every instant is in <see cref="Size"/> / <see cref="Advance"/> windows.
/// </summary>
public sealed class HoppingWindows : IWindowing
{
    public HoppingWindows(TimeSpan size, TimeSpan advance)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(advance, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, advance);
        if (size.Ticks % advance.Ticks != 0)
        {
            // Otherwise window ends fall between advance boundaries and instants differ in how many windows they are in.
            throw new ArgumentException($"Window size {size} must be a whole multiple of the advance {advance}.", nameof(size));
        }
        Size = size;
        Advance = advance;
    }

    public TimeSpan Size { get; }
    public TimeSpan Advance { get; }

    /// <summary>How many windows contain each instant.</summary>
    public int WindowsPerInstant => (int)(Size.Ticks / Advance.Ticks);

    public IReadOnlyList<TimeWindow> WindowsFor(DateTimeOffset t)
    {
        var latestStart = EpochAlignment.Floor(t, Advance);
        var windows = new TimeWindow[WindowsPerInstant];
        for (var i = 0; i < windows.Length; i++)
        {
            var start = latestStart - TimeSpan.FromTicks(Advance.Ticks * (windows.Length - 1 - i));
            windows[i] = new TimeWindow(start, start + Size);
        }
        return windows;
    }
}
