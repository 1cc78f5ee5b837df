using TweetPlatform.Contracts.Events;

namespace TweetPlatform.LikeTracking.State;

/// <summary>
/// Who likes which tweet, built by applying like events in log order. Deterministic: every copy that
/// applies the same events in the same order holds the same state, which is what makes counts exact
/// after restarts and across instances. A repeated like or unlike changes nothing. Not thread-safe.
/// </summary>
public sealed class LikeLedger
{
    private readonly Dictionary<string, HashSet<string>> _likers = new(StringComparer.Ordinal);

    public LikeOutcome Apply(LikeToggled like)
    {
        if (!_likers.TryGetValue(like.TweetId, out var viewers))
        {
            if (!like.Liked)
            {
                return new LikeOutcome(like.TweetId, like.ViewerId, Liked: false, Count: 0, Changed: false);
            }
            _likers[like.TweetId] = viewers = new HashSet<string>(StringComparer.Ordinal);
        }
        var changed = like.Liked ? viewers.Add(like.ViewerId) : viewers.Remove(like.ViewerId);
        return new LikeOutcome(like.TweetId, like.ViewerId, like.Liked, viewers.Count, changed);
    }

    public int CountOf(string tweetId) => _likers.TryGetValue(tweetId, out var viewers) ? viewers.Count : 0;

    public bool HasLiked(string tweetId, string viewerId) =>
        _likers.TryGetValue(tweetId, out var viewers) && viewers.Contains(viewerId);
}
