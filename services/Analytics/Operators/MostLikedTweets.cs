namespace TweetPlatform.Analytics.Operators;

/// <summary>
/// The <see cref="Size"/> most liked tweets per conference, from absolute like counts: most likes
/// first, ties by tweet id (ordinal), a tweet at most once. Emits a conference's list only when it
/// changed. <see cref="LikeCounts"/> is the state; the per-conference rankings are derived from it.
/// </summary>
public sealed class MostLikedTweets
{
    public const string DefaultName = "most-liked-tweets";
    public const int DefaultSize = 3;

    private readonly string _name;
    private readonly Dictionary<string, TopN<string>> _rankings = new(StringComparer.Ordinal);
    private long _rankedVersion;

    public MostLikedTweets(int size = DefaultSize, string name = DefaultName, StateStores? stores = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _name = name;
        Size = size;
        LikeCounts = (stores ?? new StateStores()).Add<ConferenceTweet, long>($"{name}.like-counts");
        _rankedVersion = LikeCounts.Version;
    }

    public int Size { get; }

    /// <summary>Every tweet with at least one like, per conference. Needed beyond the top: an unlike can bring any of them back in.</summary>
    public StateStore<ConferenceTweet, long> LikeCounts { get; }

    /// <param name="count">The tweet's absolute like count (as in like-counts.v1).</param>
    /// <returns>The conference's new list, or null when the list did not change.</returns>
    public TopLikedUpdate? Update(string conference, string tweetId, long count)
    {
        ArgumentNullException.ThrowIfNull(conference);
        ArgumentNullException.ThrowIfNull(tweetId);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        EnsureRanked();

        var key = new ConferenceTweet(conference, tweetId);
        if (LikeCounts.Get(key) == count)
        {
            return null; // a repeated count: no write, nothing to emit
        }
        if (count == 0)
        {
            LikeCounts.Delete(key);
        }
        else
        {
            LikeCounts.Put(key, count);
        }
        var ranking = RankingFor(conference);
        var change = ranking.Update(tweetId, count);
        if (ranking.Scores.Count == 0)
        {
            _rankings.Remove(conference);
        }
        _rankedVersion = LikeCounts.Version;
        return change.Changed ? ToUpdate(conference, change.Top) : null;
    }

    public TopLikedUpdate TopFor(string conference)
    {
        EnsureRanked();
        return ToUpdate(conference, _rankings.TryGetValue(conference, out var ranking) ? ranking.Top : []);
    }

    private TopN<string> RankingFor(string conference)
    {
        if (!_rankings.TryGetValue(conference, out var ranking))
        {
            _rankings[conference] = ranking = new TopN<string>($"{_name}.ranking", Size);
        }
        return ranking;
    }

    /// <summary>Rebuilds the rankings when <see cref="LikeCounts"/> was written from outside (a restore).</summary>
    private void EnsureRanked()
    {
        if (_rankedVersion == LikeCounts.Version)
        {
            return;
        }
        _rankings.Clear();
        foreach (var (key, count) in LikeCounts.Entries)
        {
            RankingFor(key.Conference).Update(key.TweetId, count);
        }
        _rankedVersion = LikeCounts.Version;
    }

    private static TopLikedUpdate ToUpdate(string conference, IReadOnlyList<RankedItem<string>> top) =>
        new(conference, top.Select(t => new LikedTweet(t.Item, t.Score)).ToArray());
}
