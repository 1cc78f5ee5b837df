namespace TweetPlatform.Analytics.Operators;

/// <summary>
/// Counts events per key and event-time window, Kafka Streams style. Stream time (the largest event
/// time seen) decides when a window closes: once observed event time &gt;= window end + grace. An event for a
/// closed window is late: counted in <see cref="LateCount"/> and the late metric, and not added to it.
/// All state is in <see cref="Counts"/>, <see cref="Totals"/> and <see cref="ObservedEventTime"/>, so
/// restoring those three stores restores the counter. Not thread-safe.
/// </summary>
public sealed class WindowedCounter<TKey> where TKey : notnull
{
    private readonly bool _keepTotals;
    private readonly LateEventMetric? _lateMetric;
    private readonly string _metricName;

    /// <param name="name">Names the stores (<c>name.counts</c>, ...) and tags the late metric.</param>
    /// <param name="metricName">Tags the late metric when it should not be <paramref name="name"/>.</param>
    /// <param name="keepTotals">
    /// Also count every key all-time in <see cref="Totals"/>. Off where keys are unbounded (hashtags)
    /// and no total is needed, so state stays bounded by the open windows.
    /// </param>
    public WindowedCounter(
        string name,
        IWindowing windowing,
        TimeSpan grace,
        IComparer<TKey>? keyOrder = null,
        bool keepTotals = true,
        LateEventMetric? lateEvents = null,
        string? metricName = null,
        StateStores? stores = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(windowing);
        ArgumentOutOfRangeException.ThrowIfLessThan(grace, TimeSpan.Zero);
        var order = keyOrder ?? DefaultKeyOrder.For<TKey>();
        Name = name;
        Windowing = windowing;
        Grace = grace;
        _keepTotals = keepTotals;
        _lateMetric = lateEvents;
        _metricName = metricName ?? name;
        stores ??= new StateStores();
        Counts = stores.Add<WindowedKey<TKey>, long>($"{name}.counts", WindowedKey<TKey>.Order(order));
        Totals = stores.Add<TKey, long>($"{name}.totals", order);
        ObservedEventTime = new ObservedEventTime($"{name}.stream-time", stores);
    }

    public string Name { get; }
    public IWindowing Windowing { get; }
    public TimeSpan Grace { get; }

    /// <summary>Count per (key, window) for windows not yet expired; zero counts are not stored.</summary>
    public StateStore<WindowedKey<TKey>, long> Counts { get; }

    /// <summary>All-time count per key (empty unless totals are kept).</summary>
    public StateStore<TKey, long> Totals { get; }

    public ObservedEventTime ObservedEventTime { get; }

    /// <summary>Events that were late for at least one of their windows, since this instance started.</summary>
    public long LateCount { get; private set; }

    /// <summary>Adds <paramref name="delta"/> to every open window of <paramref name="key"/> that contains <paramref name="eventTime"/>.</summary>
    public WindowedCountChange<TKey> Add(TKey key, DateTimeOffset eventTime, long delta = 1) =>
        AddEvent([key], eventTime, delta);

    /// <summary>
    /// One event counted under several keys (e.g. each hashtag of a tweet): it is late, and counted as
    /// late, once, not once per key. An event with no keys still moves observed event time.
    /// </summary>
    public WindowedCountChange<TKey> AddEvent(IEnumerable<TKey> keys, DateTimeOffset eventTime, long delta = 1)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var streamTime = ObservedEventTime.Advance(eventTime);
        var windows = Windowing.WindowsFor(eventTime);
        var open = windows.Where(w => !w.IsClosedAt(streamTime, Grace)).ToList();
        var skipped = windows.Count - open.Count;
        if (skipped > 0)
        {
            LateCount++;
            _lateMetric?.Record(_metricName);
        }
        if (open.Count == 0)
        {
            return WindowedCountChange<TKey>.Late(skipped);
        }

        var updated = new List<WindowedCount<TKey>>();
        foreach (var key in keys)
        {
            foreach (var window in open)
            {
                var windowKey = new WindowedKey<TKey>(key, window);
                var count = Counts.Get(windowKey) + delta;
                PutCount(Counts, windowKey, count);
                updated.Add(new WindowedCount<TKey>(key, window, count));
            }
            if (_keepTotals)
            {
                PutCount(Totals, key, Totals.Get(key) + delta);
            }
        }
        return new WindowedCountChange<TKey>(updated, IsLate: false, skipped);
    }

    public long CountOf(TKey key, TimeWindow window) => Counts.Get(new WindowedKey<TKey>(key, window));

    public long TotalOf(TKey key) => Totals.Get(key);

    /// <summary>Whether observed event time has passed the window's end plus grace: nothing can be added to it any more.</summary>
    public bool IsClosed(TimeWindow window) => ObservedEventTime.Current is { } streamTime && window.IsClosedAt(streamTime, Grace);

    /// <summary>
    /// Removes every closed window from <see cref="Counts"/>, so state stays bounded by the windows that
    /// can still change.
    /// </summary>
    /// <returns>The final counts of the removed windows, oldest window first.</returns>
    public IReadOnlyList<WindowedCount<TKey>> Expire()
    {
        if (ObservedEventTime.Current is not { } streamTime)
        {
            return [];
        }
        var expired = new List<WindowedCount<TKey>>();
        foreach (var (windowKey, count) in Counts.Entries)
        {
            if (!windowKey.Window.IsClosedAt(streamTime, Grace))
            {
                break; // sorted oldest window first, and every window has the same size
            }
            expired.Add(new WindowedCount<TKey>(windowKey.Key, windowKey.Window, count));
        }
        foreach (var entry in expired)
        {
            Counts.Delete(new WindowedKey<TKey>(entry.Key, entry.Window));
        }
        return expired;
    }

    private static void PutCount<TStoreKey>(StateStore<TStoreKey, long> store, TStoreKey key, long count)
        where TStoreKey : notnull
    {
        if (count == 0)
        {
            store.Delete(key); // a count back at zero is the same as no entry, and costs no state
        }
        else
        {
            store.Put(key, count);
        }
    }
}
