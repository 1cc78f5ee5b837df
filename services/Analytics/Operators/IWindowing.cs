namespace TweetPlatform.Analytics.Operators;

/// <summary>How event time is cut into windows, so one counter works with tumbling and hopping windows.</summary>
public interface IWindowing
{
    /// <summary>Length of every window.</summary>
    TimeSpan Size { get; }

    /// <summary>Every window that contains <paramref name="t"/>, earliest start (and so earliest end) first.</summary>
    IReadOnlyList<TimeWindow> WindowsFor(DateTimeOffset t);
}
