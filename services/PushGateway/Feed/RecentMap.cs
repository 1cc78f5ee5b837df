namespace TweetPlatform.PushGateway.Feed;

/// <summary>A map of the most recently added keys: beyond its capacity the oldest key is forgotten first.</summary>
public sealed class RecentMap<TValue>(int capacity)
{
    private readonly Dictionary<string, TValue> _values = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    public int Count => _values.Count;

    public bool TryGetValue(string key, out TValue value) => _values.TryGetValue(key, out value!);

    /// <summary>Sets the value; a new key counts as the most recent one.</summary>
    public void Set(string key, TValue value)
    {
        if (_values.TryAdd(key, value))
        {
            _order.Enqueue(key);
            if (_order.Count > capacity)
            {
                _values.Remove(_order.Dequeue());
            }
            return;
        }
        _values[key] = value;
    }
}
