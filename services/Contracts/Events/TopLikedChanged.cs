namespace TweetPlatform.Contracts.Events;

/// <summary>A conference's most-liked tweets by current like count, best first (schema version 1).</summary>
public sealed record TopLikedChanged
{
    public int Version { get; init; } = 1;
    public required string Conference { get; init; }
    public required IReadOnlyList<RankedTweet> Top { get; init; }
}

public sealed record RankedTweet(string TweetId, int Likes);
