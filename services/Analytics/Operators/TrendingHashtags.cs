using TweetPlatform.Contracts.Events;

namespace TweetPlatform.Analytics.Operators;

/// <summary>
/// The top 10 hashtags over 5-minute hopping windows advancing every 30 s, for all tweets and per
/// conference. A tweet counts once per distinct hashtag, in its conference's scope and in the
/// all-tweets scope.
/// <para>
/// What is emitted: for each scope, the top list of the <em>current window</em>, which is the window
/// containing observed event time that ends next, i.e. the last 4½-5 minutes. (The latest-starting window
/// containing observed event time would hold only the last 0-30 s and empty out every 30 s.) An update is
/// emitted whenever that list (hashtags, counts, order) or its window changes: on a tweet in the
/// current window, and when observed event time enters the next 30 s step. A scope whose list becomes empty
/// emits one empty list and then stays quiet until it has hashtags again.
/// State: <see cref="Counter"/>'s stores and <see cref="Emitted"/> (the last list emitted per scope,
/// so a restarted instance does not emit it again).
/// </para>
/// <para>
/// Why it is fast: counts are kept per 30 s <em>slot</em> (a 5-minute window is the sum of its ten
/// slots), so a hashtag costs one store update per tweet instead of ten, and only the current window
/// is ranked: its counts are summed from the slots when observed event time enters it, then kept up to date.
/// A slot is kept until the last window containing it has closed (window end + grace).
/// </para>
/// </summary>
public sealed class TrendingHashtags
{
    public const string DefaultName = "trending-hashtags";
    public const int TopSize = 10;
    public static readonly TimeSpan WindowSize = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan WindowAdvance = TimeSpan.FromSeconds(30);

    private static readonly HoppingWindows Windows = new(WindowSize, WindowAdvance);
    private static readonly TumblingWindows Slots = new(WindowAdvance);

    private readonly string _name;
    private readonly bool _countAllTweets;
    // The current window's count per (scope, hashtag) and its ranking per scope: derived from the slots.
    private readonly Dictionary<ScopedHashtag, long> _current = [];
    private readonly Dictionary<string, TopN<string>> _rankings = new(StringComparer.Ordinal);
    private TimeWindow? _rankedWindow;
    private long _rankedVersion = -1;

    /// <param name="countAllTweets">
    /// Also count every tweet in the all-tweets scope. Off where another instance computes the overall
    /// view, so conference tweets are not ranked twice.
    /// </param>
    public TrendingHashtags(TimeSpan grace, LateEventMetric? lateEvents = null, string name = DefaultName, bool countAllTweets = true,
        StateStores? stores = null)
    {
        _name = name;
        _countAllTweets = countAllTweets;
        // A slot takes events until the last window containing it closes: slot end + (window - slot) + grace.
        stores ??= new StateStores();
        Counter = new WindowedCounter<ScopedHashtag>($"{name}.slots", Slots, grace + (WindowSize - WindowAdvance), keepTotals: false,
            lateEvents: lateEvents, metricName: name, stores: stores);
        Emitted = stores.Add<string, TrendingHashtagsUpdate>($"{name}.emitted");
    }

    /// <summary>Counts per (scope, hashtag) and 30 s slot, and observed event time.</summary>
    public WindowedCounter<ScopedHashtag> Counter { get; }

    /// <summary>The last non-empty list emitted per scope (<see cref="ScopedHashtag.AllTweets"/> for all tweets).</summary>
    public StateStore<string, TrendingHashtagsUpdate> Emitted { get; }

    public long LateCount => Counter.LateCount;

    /// <summary>The window whose top list is emitted at this observed event time.</summary>
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
        string[] scopes = conference is null ? [ScopedHashtag.AllTweets]
            : _countAllTweets ? [ScopedHashtag.AllTweets, conference] : [conference];
        var change = Counter.AddEvent(scopes.SelectMany(scope => tags.Select(tag => new ScopedHashtag(scope, tag))), createdAt);
        if (change.IsLate)
        {
            return []; // nothing counted, and a late event cannot have moved observed event time
        }
        var window = CurrentWindowAt(Counter.ObservedEventTime.Current!.Value);
        var windowMoved = window != _rankedWindow;
        if (windowMoved)
        {
            Counter.Expire();
            Rank(window); // from the slots, this event included
        }
        else if (window.Contains(createdAt))
        {
            foreach (var key in change.Updated.Select(u => u.Key))
            {
                var count = _current[key] = _current.GetValueOrDefault(key) + 1;
                RankingFor(key.Scope).Update(key.Hashtag, count);
            }
        }
        _rankedVersion = Counter.Counts.Version;
        return EmitChanges(scopes, window, windowMoved);
    }

    /// <summary>The scope's list in the current window (null before the first tweet).</summary>
    public TrendingHashtagsUpdate? Current(string? conference)
    {
        EnsureRanked();
        return Counter.ObservedEventTime.Current is { } streamTime
            ? Snapshot(conference ?? ScopedHashtag.AllTweets, CurrentWindowAt(streamTime))
            : null;
    }

    private List<TrendingHashtagsUpdate> EmitChanges(IEnumerable<string> touchedScopes, TimeWindow window, bool windowMoved)
    {
        // Scopes with a visible list can change without a tweet of theirs: when the window moves on.
        var scopes = new SortedSet<string>(touchedScopes, StringComparer.Ordinal);
        if (windowMoved)
        {
            scopes.UnionWith(Emitted.Entries.Select(e => e.Key));
        }

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
        var top = window == _rankedWindow && _rankings.TryGetValue(scope, out var ranking)
            ? ranking.Top.Select(r => new HashtagCount(r.Item, r.Score)).ToArray()
            : [];
        return new TrendingHashtagsUpdate(scope == ScopedHashtag.AllTweets ? null : scope, window.Start, window.End, top);
    }

    private TopN<string> RankingFor(string scope)
    {
        if (!_rankings.TryGetValue(scope, out var ranking))
        {
            _rankings[scope] = ranking = new TopN<string>($"{_name}.ranking", TopSize);
        }
        return ranking;
    }

    /// <summary>Sums the window's slots per (scope, hashtag) and ranks them: when observed event time enters a new window, or after a restore.</summary>
    private void Rank(TimeWindow window)
    {
        _current.Clear();
        _rankings.Clear();
        foreach (var (slot, count) in Counter.Counts.Entries)
        {
            if (slot.Window.Start >= window.End)
            {
                break; // sorted by slot: the rest is later
            }
            if (slot.Window.Start >= window.Start)
            {
                _current[slot.Key] = _current.GetValueOrDefault(slot.Key) + count;
            }
        }
        foreach (var (key, count) in _current)
        {
            RankingFor(key.Scope).Update(key.Hashtag, count);
        }
        _rankedWindow = window;
    }

    /// <summary>Ranks again when the counts were written from outside (a restore).</summary>
    private void EnsureRanked()
    {
        if (_rankedVersion == Counter.Counts.Version)
        {
            return;
        }
        if (Counter.ObservedEventTime.Current is { } streamTime)
        {
            Rank(CurrentWindowAt(streamTime));
        }
        _rankedVersion = Counter.Counts.Version;
    }
}
