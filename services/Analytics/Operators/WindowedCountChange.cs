namespace TweetPlatform.Analytics.Operators;

/// <summary>What adding one event to a <see cref="WindowedCounter{TKey}"/> did.</summary>
/// <param name="Updated">The new count of every (key, window) the event went into.</param>
/// <param name="IsLate">Every window of the event had closed: it was dropped (and counted as late).</param>
/// <param name="SkippedWindows">
/// Closed windows the event was not added to. With hopping windows an event can be too late for its
/// oldest windows and still count in the newer ones.
/// </param>
public sealed record WindowedCountChange<TKey>(IReadOnlyList<WindowedCount<TKey>> Updated, bool IsLate, int SkippedWindows)
    where TKey : notnull
{
    public static WindowedCountChange<TKey> Late(int skippedWindows) => new([], IsLate: true, skippedWindows);
}
