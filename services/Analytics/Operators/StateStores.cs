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
    private readonly Dictionary<string, List<(string Key, byte[]? Value)>> _unclaimed = new(StringComparer.Ordinal);

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
            restored.ForEach(record => logged.Restore(record.Key, record.Value));
        }
        return store;
    }

    public IReadOnlyCollection<string> Names => _stores.Keys;

    /// <summary>Every store change since the last call, as changelog records keyed <c>{store}|{key}</c>.</summary>
    public IReadOnlyList<(string Key, byte[]? Value)> TakeChanges() =>
        _stores.Values.SelectMany(store => store.TakeChanges().Select(change => ($"{store.Name}{Separator}{change.Key}", change.Value))).ToList();

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
        if (!_stores.TryGetValue(changelogKey[..separator], out var store))
        {
            if (!_unclaimed.TryGetValue(changelogKey[..separator], out var records))
            {
                _unclaimed[changelogKey[..separator]] = records = [];
            }
            records.Add((changelogKey[(separator + 1)..], value));
            return false;
        }
        store.Restore(changelogKey[(separator + 1)..], value);
        return true;
    }
}
