namespace TweetPlatform.Analytics.Operators;

/// <summary>A hashtag counted within a scope: a conference, or <see cref="AllTweets"/>.</summary>
public readonly record struct ScopedHashtag(string Scope, string Hashtag) : IComparable<ScopedHashtag>
{
    /// <summary>The scope of every tweet. Conferences are hashtags, which cannot contain '*'.</summary>
    public const string AllTweets = "*";

    public int CompareTo(ScopedHashtag other)
    {
        var byScope = string.CompareOrdinal(Scope, other.Scope);
        return byScope != 0 ? byScope : string.CompareOrdinal(Hashtag, other.Hashtag);
    }
}
