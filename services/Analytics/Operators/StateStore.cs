using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;

namespace TweetPlatform.Analytics.Operators;

/// <summary>
/// An in-memory key-value store that remembers which keys changed since the last <see cref="TakeChanges"/>,
/// so the Kafka layer can write exactly those to the store's compacted changelog topic and rebuild the
/// store from it with <see cref="Restore"/>. Keys are kept sorted (ordinal for strings), which makes
/// <see cref="Entries"/> and <see cref="TakeChanges"/> deterministic and lets operators scan from the
/// oldest window. Not thread-safe: one partition's processing owns it.
/// Lookups and updates go through a hash table and only inserts and deletes through the sorted keys, so an update costs
/// no key comparisons (a live query updates a few groups per row); the key order must agree with the key type's
/// equality, as ordinal strings and the record keys here do.
/// </summary>
public sealed class StateStore<TKey, TValue> where TKey : notnull
{
    private readonly Dictionary<TKey, TValue> _entries = [];
    private readonly SortedSet<TKey> _keys;
    private readonly HashSet<TKey> _changed = [];

    public StateStore(string name, IComparer<TKey>? keyOrder = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        KeyOrder = keyOrder ?? DefaultKeyOrder.For<TKey>();
        _keys = new SortedSet<TKey>(KeyOrder);
    }

    /// <summary>Identifies the store, e.g. to name its changelog topic.</summary>
    public string Name { get; }

    public IComparer<TKey> KeyOrder { get; }

    public int Count => _entries.Count;

    /// <summary>
    /// Goes up on every write, <see cref="Restore"/> included, so an operator's derived index can tell
    /// that the store changed under it and rebuild.
    /// </summary>
    public long Version { get; private set; }

    public bool HasChanges => _changed.Count > 0;

    /// <summary>Every entry in key order. Do not write to the store while enumerating.</summary>
    public IEnumerable<KeyValuePair<TKey, TValue>> Entries => _keys.Select(key => new KeyValuePair<TKey, TValue>(key, _entries[key]));

    public bool TryGet(TKey key, [MaybeNullWhen(false)] out TValue value) => _entries.TryGetValue(key, out value);

    /// <summary>The key's value, or default (0 for counts) when absent.</summary>
    public TValue? Get(TKey key) => _entries.TryGetValue(key, out var value) ? value : default;

    public bool ContainsKey(TKey key) => _entries.ContainsKey(key);

    public void Put(TKey key, TValue value)
    {
        Set(key, value);
        _changed.Add(key);
        Version++;
    }

    /// <returns>Whether the key was there.</returns>
    public bool Delete(TKey key)
    {
        if (!_entries.Remove(key))
        {
            return false;
        }
        _keys.Remove(key);
        _changed.Add(key);
        Version++;
        return true;
    }

    /// <summary>Deletes every entry (each a change, so the changelog gets a tombstone for it).</summary>
    public void Clear()
    {
        foreach (var key in _entries.Keys.ToList())
        {
            Delete(key);
        }
    }

    /// <summary>
    /// The latest value (or deletion) of every key written since the last call, in key order, and
    /// forgets them: each is returned once.
    /// </summary>
    public IReadOnlyList<StoreChange<TKey, TValue>> TakeChanges()
    {
        var keys = _changed.ToArray();
        Array.Sort(keys, KeyOrder);
        var changes = new StoreChange<TKey, TValue>[keys.Length];
        var i = 0;
        foreach (var key in keys)
        {
            changes[i++] = _entries.TryGetValue(key, out var value)
                ? StoreChange<TKey, TValue>.Upsert(key, value)
                : StoreChange<TKey, TValue>.Deletion(key);
        }
        _changed.Clear();
        return changes;
    }

    /// <summary>
    /// Applies a changelog entry without marking it changed: rebuilding from the changelog must not
    /// write the same entries back to it.
    /// </summary>
    public void Restore(StoreChange<TKey, TValue> change)
    {
        if (change.IsDeletion)
        {
            if (_entries.Remove(change.Key))
            {
                _keys.Remove(change.Key);
            }
        }
        else
        {
            Set(change.Key, change.Value!);
        }
        Version++;
    }

    private void Set(TKey key, TValue value)
    {
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_entries, key, out var existed);
        slot = value;
        if (!existed)
        {
            _keys.Add(key);
        }
    }
}
