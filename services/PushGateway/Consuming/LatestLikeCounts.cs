namespace TweetPlatform.PushGateway.Consuming;

/// <summary>
/// Keeps, per tweet, the likes offset of the newest count broadcast, so a count re-published after a
/// like-tracking restart or rebalance (same or older offset) is not sent to browsers again. Bounded:
/// the least recently added tweets are forgotten first.
/// </summary>
public sealed class LatestLikeCounts(int capacity)
{
    private readonly Dictionary<string, long> _latest = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    /// <summary>True when this update is newer than any seen for the tweet (and records it).</summary>
    public bool TryAdvance(string tweetId, long likesOffset)
    {
        if (_latest.TryGetValue(tweetId, out var seen))
        {
            if (likesOffset <= seen)
            {
                return false;
            }
            _latest[tweetId] = likesOffset;
            return true;
        }
        _latest[tweetId] = likesOffset;
        _order.Enqueue(tweetId);
        if (_order.Count > capacity)
        {
            _latest.Remove(_order.Dequeue());
        }
        return true;
    }
}
