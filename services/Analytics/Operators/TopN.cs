namespace TweetPlatform.Analytics.Operators;

/// <summary>
/// The <see cref="Size"/> best items by score: score descending, then item ascending (ordinal for
/// strings), so equal scores always rank the same way. An item is listed at most once; it drops out
/// when overtaken or when its score falls to 0. Only <see cref="Scores"/> is state; the ranking is an
/// index derived from it, rebuilt when the store was changed from outside (a restore). Not thread-safe.
/// </summary>
public sealed class TopN<TItem> where TItem : notnull
{
    private readonly SortedSet<RankedItem<TItem>> _ranking;
    private long _rankedVersion;
    private RankedItem<TItem>[] _top = [];

    public TopN(string name, int size, IComparer<TItem>? itemOrder = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        var order = itemOrder ?? DefaultKeyOrder.For<TItem>();
        Size = size;
        Scores = new StateStore<TItem, long>(name, order);
        _ranking = new SortedSet<RankedItem<TItem>>(Comparer<RankedItem<TItem>>.Create((a, b) =>
        {
            var byScore = b.Score.CompareTo(a.Score);
            return byScore != 0 ? byScore : order.Compare(a.Item, b.Item);
        }));
        _rankedVersion = Scores.Version;
    }

    public int Size { get; }

    /// <summary>Every item with a positive score.</summary>
    public StateStore<TItem, long> Scores { get; }

    /// <summary>The visible list, best first.</summary>
    public IReadOnlyList<RankedItem<TItem>> Top
    {
        get
        {
            EnsureRanked();
            return _top;
        }
    }

    public long ScoreOf(TItem item) => Scores.Get(item);

    /// <summary>Sets the item's score; 0 or less removes it.</summary>
    public TopNChange<TItem> Update(TItem item, long score)
    {
        EnsureRanked();
        var known = Scores.TryGet(item, out var previous);
        if (known ? previous == score : score <= 0)
        {
            return new TopNChange<TItem>(false, _top);
        }
        if (known)
        {
            _ranking.Remove(new RankedItem<TItem>(item, previous));
        }
        if (score > 0)
        {
            Scores.Put(item, score);
            _ranking.Add(new RankedItem<TItem>(item, score));
        }
        else
        {
            Scores.Delete(item);
        }
        _rankedVersion = Scores.Version;

        var top = TakeTop();
        if (top.AsSpan().SequenceEqual(_top))
        {
            return new TopNChange<TItem>(false, _top);
        }
        _top = top;
        return new TopNChange<TItem>(true, _top);
    }

    private void EnsureRanked()
    {
        if (_rankedVersion == Scores.Version)
        {
            return;
        }
        _ranking.Clear();
        foreach (var (item, score) in Scores.Entries)
        {
            if (score > 0)
            {
                _ranking.Add(new RankedItem<TItem>(item, score));
            }
        }
        _top = TakeTop();
        _rankedVersion = Scores.Version;
    }

    private RankedItem<TItem>[] TakeTop() => _ranking.Take(Size).ToArray();
}
