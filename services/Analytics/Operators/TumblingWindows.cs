namespace TweetPlatform.Analytics.Operators;

/// <summary>Back-to-back windows of one size, aligned to the Unix epoch: every instant is in exactly one.</summary>
public sealed class TumblingWindows : IWindowing
{
    public TumblingWindows(TimeSpan size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(size, TimeSpan.Zero);
        Size = size;
    }

    public TimeSpan Size { get; }

    public TimeWindow For(DateTimeOffset t)
    {
        var start = EpochAlignment.Floor(t, Size);
        return new TimeWindow(start, start + Size);
    }

    public IReadOnlyList<TimeWindow> WindowsFor(DateTimeOffset t) => [For(t)];
}
