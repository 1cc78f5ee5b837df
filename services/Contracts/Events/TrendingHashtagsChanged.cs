namespace TweetPlatform.Contracts.Events;

/// <summary>The top hashtags of the current 5-minute window (advancing every 30 s), for a conference or "*" overall (schema version 1).</summary>
public sealed record TrendingHashtagsChanged
{
    public int Version { get; init; } = 1;
    public required string Conference { get; init; }
    public required DateTimeOffset WindowStart { get; init; }
    public required DateTimeOffset WindowEnd { get; init; }
    public required IReadOnlyList<RankedHashtag> Top { get; init; }
}

public sealed record RankedHashtag(string Hashtag, long Count);
