namespace TweetPlatform.Analytics.Operators;

/// <summary>
/// At most one emit per key per <see cref="Interval"/> of wall-clock time, so a burst of updates to one
/// finding does not flood browsers. A suppressed update is kept (only the latest per key) and released
/// by <see cref="DueUpdates"/> once the key's interval has passed, or by <see cref="Flush"/> at once:
/// the last state is delayed, never lost. Thread-safe, so a timer can call <see cref="DueUpdates"/>
/// while the consume loop calls <see cref="TryEmit"/>.
/// </summary>
public sealed class EmitRateLimiter<TKey, TValue> where TKey : notnull
{
    private readonly TimeProvider _time;
    private readonly Dictionary<TKey, KeyState> _keys;
    private readonly Lock _lock = new();
    private long _sequence;

    public EmitRateLimiter(TimeSpan interval, TimeProvider time, IEqualityComparer<TKey>? keyComparer = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(time);
        Interval = interval;
        _time = time;
        _keys = new Dictionary<TKey, KeyState>(keyComparer);
    }

    public TimeSpan Interval { get; }

    public int PendingCount
    {
        get
        {
            lock (_lock)
            {
                return _keys.Values.Count(s => s.HasPending);
            }
        }
    }

    /// <summary>When the earliest suppressed update becomes due (null when none waits): when to call <see cref="DueUpdates"/>.</summary>
    public DateTimeOffset? NextDueAt
    {
        get
        {
            lock (_lock)
            {
                return _keys.Values.Where(s => s.HasPending).Select(s => (DateTimeOffset?)(s.LastEmittedAt + Interval)).Min();
            }
        }
    }

    /// <returns>True: emit <paramref name="value"/> now. False: it is kept and released later (unless a newer value for the key replaces it).</returns>
    public bool TryEmit(TKey key, TValue value)
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            if (!_keys.TryGetValue(key, out var state))
            {
                _keys[key] = new KeyState { LastEmittedAt = now };
                return true;
            }
            if (IsDue(state, now))
            {
                state.Release(now); // this value supersedes anything still pending
                return true;
            }
            if (!state.HasPending)
            {
                state.PendingSequence = _sequence++;
            }
            state.HasPending = true;
            state.Pending = value;
            return false;
        }
    }

    /// <summary>The latest suppressed update of every key whose interval has passed, earliest due first; they count as emitted now.</summary>
    public IReadOnlyList<KeyValuePair<TKey, TValue>> DueUpdates()
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            var due = Release(now, onlyDue: true);
            // Keys idle for a whole interval are as good as never seen: forget them so state stays bounded.
            foreach (var idle in _keys.Where(k => !k.Value.HasPending && IsDue(k.Value, now)).Select(k => k.Key).ToList())
            {
                _keys.Remove(idle);
            }
            return due;
        }
    }

    /// <summary>Every suppressed update now, whatever its interval (e.g. before shutdown or losing a partition).</summary>
    public IReadOnlyList<KeyValuePair<TKey, TValue>> Flush()
    {
        lock (_lock)
        {
            return Release(_time.GetUtcNow(), onlyDue: false);
        }
    }

    /// <summary>Forgets the keys that match, held updates included (e.g. of a partition another instance now owns).</summary>
    public void Discard(Func<TKey, bool> match)
    {
        lock (_lock)
        {
            foreach (var key in _keys.Keys.Where(match).ToList())
            {
                _keys.Remove(key);
            }
        }
    }

    private List<KeyValuePair<TKey, TValue>> Release(DateTimeOffset now, bool onlyDue)
    {
        var released = _keys
            .Where(k => k.Value.HasPending && (!onlyDue || IsDue(k.Value, now)))
            .OrderBy(k => k.Value.LastEmittedAt)
            .ThenBy(k => k.Value.PendingSequence)
            .ToList();
        var updates = new List<KeyValuePair<TKey, TValue>>(released.Count);
        foreach (var (key, state) in released)
        {
            updates.Add(new KeyValuePair<TKey, TValue>(key, state.Pending!));
            state.Release(now);
        }
        return updates;
    }

    // A clock that jumped back counts as due rather than suppressing for however long the jump was.
    private bool IsDue(KeyState state, DateTimeOffset now) => now - state.LastEmittedAt >= Interval || now < state.LastEmittedAt;

    private sealed class KeyState
    {
        public DateTimeOffset LastEmittedAt;
        public bool HasPending;
        public TValue? Pending;
        public long PendingSequence;

        public void Release(DateTimeOffset now)
        {
            LastEmittedAt = now;
            HasPending = false;
            Pending = default;
        }
    }
}
