namespace TweetPlatform.Analytics.Operators;

/// <summary>
/// A half-open interval of event time, [<see cref="Start"/>, <see cref="End"/>): an event at exactly
/// <see cref="End"/> belongs to the next window. Ordered by start, then end.
/// </summary>
public readonly record struct TimeWindow : IComparable<TimeWindow>
{
    // The changelog stores windows as JSON: rebuild them through this constructor, not the default one.
    [System.Text.Json.Serialization.JsonConstructor]
    public TimeWindow(DateTimeOffset start, DateTimeOffset end)
    {
        if (end <= start)
        {
            throw new ArgumentException($"A window must end after it starts ({start:O} .. {end:O}).", nameof(end));
        }
        // UTC so equal windows also print the same, whatever offset the event times carried.
        Start = start.ToUniversalTime();
        End = end.ToUniversalTime();
    }

    public DateTimeOffset Start { get; }
    public DateTimeOffset End { get; }
    public TimeSpan Size => End - Start;

    public bool Contains(DateTimeOffset t) => t >= Start && t < End;

    /// <summary>
    /// Whether stream time (the largest event time seen) has passed the end plus <paramref name="grace"/>: Kafka Streams'
    /// rule for when nothing more can be added to the window.
    /// </summary>
    public bool IsClosedAt(DateTimeOffset streamTime, TimeSpan grace) => streamTime - grace >= End;

    public int CompareTo(TimeWindow other)
    {
        var byStart = Start.CompareTo(other.Start);
        return byStart != 0 ? byStart : End.CompareTo(other.End);
    }

    public override string ToString() => $"[{Start:O}, {End:O})";
}
