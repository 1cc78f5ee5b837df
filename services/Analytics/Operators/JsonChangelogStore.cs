using System.Text.Json;

namespace TweetPlatform.Analytics.Operators;

/// <summary>
/// Binds a <see cref="StateStore{TKey,TValue}"/> to the changelog with JSON keys and values. State is
/// private to analytics (not an integration event), so plain reflection-based JSON is enough here.
/// </summary>
public sealed class JsonChangelogStore<TKey, TValue>(StateStore<TKey, TValue> store) : IChangelogStore where TKey : notnull
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { IncludeFields = true };

    public string Name => store.Name;

    public IReadOnlyList<(string Key, byte[]? Value)> TakeChanges() =>
        store.TakeChanges()
            .Select(change => (JsonSerializer.Serialize(change.Key, Json),
                change.IsDeletion ? null : JsonSerializer.SerializeToUtf8Bytes(change.Value, Json)))
            .ToList();

    public void Clear() => store.Clear();

    public void Restore(string key, byte[]? value)
    {
        var storeKey = JsonSerializer.Deserialize<TKey>(key, Json) ?? throw new JsonException($"Null key in changelog of {Name}.");
        store.Restore(value is null
            ? StoreChange<TKey, TValue>.Deletion(storeKey)
            : StoreChange<TKey, TValue>.Upsert(storeKey, JsonSerializer.Deserialize<TValue>(value, Json)!));
    }
}
