using TweetPlatform.Analytics.Operators;

namespace TweetPlatform.Analytics.Queries.Running;

/// <summary>
/// A change of a query's result table: the row of <see cref="Key"/> (a group, or a passed-through event's sequence
/// number) in <see cref="Window"/> now has <see cref="Values"/> (one per column), or is gone when they are null.
/// </summary>
public sealed record QueryResultChange(string Key, TimeWindow? Window, IReadOnlyList<object?>? Values)
{
    public bool IsRemoval => Values is null;
}
