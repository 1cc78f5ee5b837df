using TweetPlatform.PushGateway.Consuming;
using TweetPlatform.PushGateway.Feed;
using TweetPlatform.PushGateway.Projection;
using TweetPlatform.PushGateway.Sse;

namespace TweetPlatform.UnitTests.PushGateway;

/// <summary>Dropping like counts that were re-published or are older than what browsers were sent.</summary>
public sealed class LatestLikeCountsTests
{
    [Fact]
    public void Only_a_newer_likes_offset_advances_a_tweet()
    {
        var latest = new LatestLikeCounts(capacity: 10);

        Assert.True(latest.TryAdvance("t", 5));
        Assert.False(latest.TryAdvance("t", 5));
        Assert.False(latest.TryAdvance("t", 3));
        Assert.True(latest.TryAdvance("t", 6));
        Assert.True(latest.TryAdvance("other", 0));
    }

    [Fact]
    public void The_oldest_tweets_are_forgotten_beyond_capacity()
    {
        var latest = new LatestLikeCounts(capacity: 2);
        latest.TryAdvance("a", 9);
        latest.TryAdvance("b", 9);
        latest.TryAdvance("c", 9);

        Assert.True(latest.TryAdvance("a", 1)); // forgotten, so taken as new
        Assert.False(latest.TryAdvance("c", 9));
    }
}
