using TweetPlatform.Contracts.Events;

namespace TweetPlatform.Analytics.Streams;

/// <summary>
/// The top 10 hashtags over 5-minute hopping windows advancing every 30 s, for all tweets and per
/// conference. A tweet counts once per distinct hashtag, in its conference's scope and in the
/// all-tweets scope.
/// <para>
/// What is emitted: for each scope, the top list of the <em>current window</em>, which is the window
/// containing stream time that ends next, i.e. the last 4½-5 minutes. (The latest-starting window
/// containing stream time would hold only the last 0-30 s and empty out every 30 s.) An update is
/// emitted whenever that list (hashtags, counts, order) or its window changes: on a tweet in the
/// current window, and when stream time enters the next 30 s step. A scope whose list becomes empty
/// emits one empty list and then stays quiet until it has hashtags again.
/// </para>
/// State: <see cref="Counter"/>'s stores and <see cref="Emitted"/> (the last list emitted per scope,
/// so a restarted instance does not emit it again). The per-window rankings are derived.
/// </summary>
public sealed class TrendingHashtags
{
    public const string DefaultName = "trending-hashtags";
    public const int TopSize = 10;
    public static readonly TimeSpan WindowSize = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan WindowAdvance = TimeSpan.FromSeconds(30);

    private static readonly HoppingWindows Windows = new(WindowSize, WindowAdvance);

    private readonly string _name;
    private readonly Dictionary<(string Scope, TimeWindow Window), TopN<string>> _rankings = [];
    private long _rankedVersion;

    public TrendingHashtags(TimeSpan grace, LateEventMetric? lateEvents = null, string name = DefaultName)
    {
        _name = name;
        Counter = new WindowedCounter<ScopedHashtag>(name, Windows, grace, keepTotals: false, lateEvents: lateEvents);
        Emitted = new StateStore<string, TrendingHashtagsUpdate>($"{name}.emitted");
        _rankedVersion = Counter.Counts.Version;
    }

    /// <summary>Counts per (scope, hashtag) and window, and stream time.</summary>
    public WindowedCounter<ScopedHashtag> Counter { get; }

    /// <summary>The last non-empty list emitted per scope (<see cref="ScopedHashtag.AllTweets"/> for all tweets).</summary>
    public StateStore<string, TrendingHashtagsUpdate> Emitted { get; }

    public long LateCount => Counter.LateCount;

    /// <summary>The window whose top list is emitted at this stream time.</summary>
    public static TimeWindow CurrentWindowAt(DateTimeOffset streamTime) => Windows.WindowsFor(streamTime)[0];

    public IReadOnlyList<TrendingHashtagsUpdate> Add(TweetReceived tweet) =>
        Add(tweet.Conference, tweet.Hashtags, tweet.CreatedAt);

    /// <returns>The scopes whose current list changed, all tweets first, then conferences in ordinal order.</returns>
    public IReadOnlyList<TrendingHashtagsUpdate> Add(string? conference, IEnumerable<string> hashtags, DateTimeOffset createdAt)
    {
        ArgumentNullException.ThrowIfNull(hashtags);
        if (conference == ScopedHashtag.AllTweets)
        {
            throw new ArgumentException($"'{ScopedHashtag.AllTweets}' is reserved for all tweets.", nameof(conference));
        }
        EnsureRanked();

        var tags = hashtags.Distinct(StringComparer.Ordinal).ToList();
        string[] scopes = conference is null ? [ScopedHashtag.AllTweets] : [ScopedHashtag.AllTweets, conference];
        var change = Counter.AddEvent(scopes.SelectMany(scope => tags.Select(tag => new ScopedHashtag(scope, tag))), createdAt);
        if (change.IsLate)
        {
            return []; // nothing counted, and a late event cannot have moved stream time
        }
        foreach (var (key, window, count) in change.Updated)
        {
            RankingFor(key.Scope, window).Update(key.Hashtag, count);
        }
        Expire();
        _rankedVersion = Counter.Counts.Version;
        return EmitChanges(scopes);
    }

    /// <summary>The scope's list in the current window (null before the first tweet).</summary>
    public TrendingHashtagsUpdate? Current(string? conference)
    {
        EnsureRanked();
        return Counter.StreamTime.Current is { } streamTime
            ? Snapshot(conference ?? ScopedHashtag.AllTweets, CurrentWindowAt(streamTime))
            : null;
    }

    private List<TrendingHashtagsUpdate> EmitChanges(IEnumerable<string> touchedScopes)
    {
        var window = CurrentWindowAt(Counter.StreamTime.Current!.Value);
        // Scopes with a visible list can change without a tweet of theirs: the window moves on.
        var scopes = new SortedSet<string>(Emitted.Entries.Select(e => e.Key), StringComparer.Ordinal);
        scopes.UnionWith(touchedScopes);

        var updates = new List<TrendingHashtagsUpdate>();
        foreach (var scope in scopes)
        {
            var now = Snapshot(scope, window);
            var before = Emitted.Get(scope);
            var unchanged = before is null ? now.Hashtags.Count == 0 : before.Equals(now);
            if (unchanged)
            {
                continue;
            }
            updates.Add(now);
            if (now.Hashtags.Count == 0)
            {
                Emitted.Delete(scope); // "empty" needs no entry: the store stays as small as the active scopes
            }
            else
            {
                Emitted.Put(scope, now);
            }
        }
        return updates;
    }

    private TrendingHashtagsUpdate Snapshot(string scope, TimeWindow window)
    {
        var top = _rankings.TryGetValue((scope, window), out var ranking)
            ? ranking.Top.Select(r => new HashtagCount(r.Item, r.Score)).ToArray()
            : [];
        return new TrendingHashtagsUpdate(scope == ScopedHashtag.AllTweets ? null : scope, window.Start, window.End, top);
    }

    private TopN<string> RankingFor(string scope, TimeWindow window)
    {
        if (!_rankings.TryGetValue((scope, window), out var ranking))
        {
            _rankings[(scope, window)] = ranking = new TopN<string>($"{_name}.ranking", TopSize);
        }
        return ranking;
    }

    private void Expire()
    {
        Counter.Expire();
        foreach (var key in _rankings.Keys.Where(k => Counter.IsClosed(k.Window)).ToList())
        {
            _rankings.Remove(key);
        }
    }

    /// <summary>Rebuilds the per-window rankings when the counts were written from outside (a restore).</summary>
    private void EnsureRanked()
    {
        if (_rankedVersion == Counter.Counts.Version)
        {
            return;
        }
        _rankings.Clear();
        foreach (var (key, count) in Counter.Counts.Entries)
        {
            RankingFor(key.Key.Scope, key.Window).Update(key.Key.Hashtag, count);
        }
        _rankedVersion = Counter.Counts.Version;
    }
}
