namespace TweetPlatform.Analytics.Operators;

/// <summary>
/// The stores of one task, registered by name as Kafka Streams' processor context registers them: a store is made
/// here or not at all, and every store made here logs its changes to the changelog and is restored from it. So a
/// new operator's state cannot silently miss the changelog. (Derived indexes that are rebuilt from logged stores,
/// like a top-N ranking, are plain <see cref="StateStore{TKey,TValue}"/>s outside it.)
/// </summary>
public sealed class StateStores
{
    private const char Separator = '|';
    private readonly Dictionary<string, IChangelogStore> _stores = new(StringComparer.Ordinal);

    // Restored records of stores made later (a live query's, made when its first row arrives): applied when it is made.
    // Only each key's latest value is kept, and a tombstone removes it: a dropped store's records leave nothing here.
    private readonly Dictionary<string, Dictionary<string, byte[]>> _unclaimed = new(StringComparer.Ordinal);

    // Tombstones of dropped stores, not yet taken for the changelog.
    private readonly List<(string Key, byte[]? Value)> _dropped = [];

    /// <summary>Creates a store and registers it with its changelog (JSON keys and values).</summary>
    /// <exception cref="ArgumentException">A store of that name exists: two would share one changelog.</exception>
    public StateStore<TKey, TValue> Add<TKey, TValue>(string name, IComparer<TKey>? keyOrder = null) where TKey : notnull
    {
        if (name.Contains(Separator, StringComparison.Ordinal))
        {
            throw new ArgumentException($"A store name cannot contain '{Separator}': '{name}'.", nameof(name));
        }
        var store = new StateStore<TKey, TValue>(name, keyOrder);
        var logged = new JsonChangelogStore<TKey, TValue>(store);
        if (!_stores.TryAdd(name, logged))
        {
            throw new ArgumentException($"A store named '{name}' is registered already.", nameof(name));
        }
        if (_unclaimed.Remove(name, out var restored))
        {
            foreach (var (key, value) in restored)
            {
                logged.Restore(key, value);
            }
        }
        return store;
    }

    public IReadOnlyCollection<string> Names => _stores.Keys;

    /// <summary>Names of stores with restored records that no store made so far has claimed.</summary>
    public IReadOnlyCollection<string> UnclaimedNames => _unclaimed.Keys;

    /// <summary>
    /// Removes the stores whose names start with <paramref name="prefix"/>, made or only restored, and writes a tombstone for
    /// each of their keys, so the changelog forgets them (a deleted live query's state) and a restore does not bring them back.
    /// </summary>
    public void Drop(string prefix)
    {
        foreach (var name in _stores.Keys.Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).ToList())
        {
            var store = _stores[name];
            // After Clear every changed key is a deletion: the unwritten changes' keys (maybe in the changelog already) and the rest.
            store.Clear();
            _dropped.AddRange(store.TakeChanges().Select(change => ($"{name}{Separator}{change.Key}", change.Value)));
            _stores.Remove(name);
        }
        foreach (var name in _unclaimed.Keys.Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).ToList())
        {
            _dropped.AddRange(_unclaimed[name].Keys.Select(key => ($"{name}{Separator}{key}", (byte[]?)null)));
            _unclaimed.Remove(name);
        }
    }

    /// <summary>Every store change since the last call, as changelog records keyed <c>{store}|{key}</c>.</summary>
    public IReadOnlyList<(string Key, byte[]? Value)> TakeChanges()
    {
        var changes = _dropped.Concat(_stores.Values.SelectMany(store => store.TakeChanges()
            .Select(change => ($"{store.Name}{Separator}{change.Key}", change.Value)))).ToList();
        _dropped.Clear();
        return changes;
    }

    /// <summary>
    /// Applies one changelog record while rebuilding; false for a record of no registered store, which is kept and
    /// applied if a store of its name is made later.
    /// </summary>
    public bool Restore(string changelogKey, byte[]? value)
    {
        var separator = changelogKey.IndexOf(Separator, StringComparison.Ordinal);
        if (separator <= 0)
        {
            return false;
        }
        var name = changelogKey[..separator];
        if (!_stores.TryGetValue(name, out var store))
        {
            if (value is not null)
            {
                if (!_unclaimed.TryGetValue(name, out var records))
                {
                    _unclaimed[name] = records = new Dictionary<string, byte[]>(StringComparer.Ordinal);
                }
                records[changelogKey[(separator + 1)..]] = value;
            }
            else if (_unclaimed.TryGetValue(name, out var records) && records.Remove(changelogKey[(separator + 1)..]) && records.Count == 0)
            {
                _unclaimed.Remove(name);
            }
            return false;
        }
        store.Restore(changelogKey[(separator + 1)..], value);
        return true;
    }
}
