namespace TweetPlatform.PushGateway.Feed;

/// <summary>
/// Per tweet, the newest like count broadcast and the likes offset it reflects, so a count re-published
/// after a like-tracking restart or rebalance (same or older offset) is not sent to browsers again.
/// Bounded: the least recently added tweets are forgotten first.
/// </summary>
public sealed class LatestLikeCounts(int capacity)
{
    private readonly RecentMap<(long LikesOffset, int Count)> _latest = new(capacity);

    /// <summary>True when this update is newer than any seen for the tweet (and records it).</summary>
    public bool TryAdvance(string tweetId, long likesOffset, int count = 0)
    {
        if (_latest.TryGetValue(tweetId, out var seen) && likesOffset <= seen.LikesOffset)
        {
            return false;
        }
        _latest.Set(tweetId, (likesOffset, count));
        return true;
    }

    public int? CountOf(string tweetId) => _latest.TryGetValue(tweetId, out var latest) ? latest.Count : null;
}
