namespace TweetPlatform.Analytics.Operators;

/// <summary>A conference's most liked tweets, most likes first, after a like count changed the list.</summary>
public sealed record TopLikedUpdate(string Conference, IReadOnlyList<LikedTweet> Tweets)
{
    // Value equality over the list too, so "did it change" is a plain comparison.
    public bool Equals(TopLikedUpdate? other) =>
        other is not null
        && string.Equals(Conference, other.Conference, StringComparison.Ordinal)
        && Tweets.SequenceEqual(other.Tweets);

    public override int GetHashCode() => HashCode.Combine(Conference, Tweets.Count);
}
