namespace TweetPlatform.Analytics.Operators;

/// <summary>
/// The top hashtags of one scope in the current trending window, best first.
/// </summary>
/// <param name="Conference">The conference, or null for all tweets.</param>
public sealed record TrendingHashtagsUpdate(
    string? Conference,
    DateTimeOffset WindowStart,
    DateTimeOffset WindowEnd,
    IReadOnlyList<HashtagCount> Hashtags)
{
    // Value equality over the list too, so "did it change" is a plain comparison.
    public bool Equals(TrendingHashtagsUpdate? other) =>
        other is not null
        && string.Equals(Conference, other.Conference, StringComparison.Ordinal)
        && WindowStart == other.WindowStart
        && WindowEnd == other.WindowEnd
        && Hashtags.SequenceEqual(other.Hashtags);

    public override int GetHashCode() => HashCode.Combine(Conference, WindowStart, WindowEnd, Hashtags.Count);
}
