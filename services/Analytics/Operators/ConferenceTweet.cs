namespace TweetPlatform.Analytics.Operators;

/// <summary>A tweet within its conference: the key of per-conference tweet state.</summary>
public readonly record struct ConferenceTweet(string Conference, string TweetId) : IComparable<ConferenceTweet>
{
    public int CompareTo(ConferenceTweet other)
    {
        var byConference = string.CompareOrdinal(Conference, other.Conference);
        return byConference != 0 ? byConference : string.CompareOrdinal(TweetId, other.TweetId);
    }
}
