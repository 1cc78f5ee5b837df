namespace TweetPlatform.Analytics.Operators;

/// <summary>
/// One entry of a store's changelog: the latest value of a key, or its deletion (a tombstone in a
/// compacted Kafka topic).
/// </summary>
public readonly record struct StoreChange<TKey, TValue> where TKey : notnull
{
    private StoreChange(TKey key, TValue? value, bool isDeletion)
    {
        Key = key;
        Value = value;
        IsDeletion = isDeletion;
    }

    public TKey Key { get; }

    /// <summary>The value written; default when <see cref="IsDeletion"/>.</summary>
    public TValue? Value { get; }

    public bool IsDeletion { get; }

    public static StoreChange<TKey, TValue> Upsert(TKey key, TValue value) => new(key, value, isDeletion: false);

    public static StoreChange<TKey, TValue> Deletion(TKey key) => new(key, default, isDeletion: true);

    public override string ToString() => IsDeletion ? $"{Key} deleted" : $"{Key} = {Value}";
}
