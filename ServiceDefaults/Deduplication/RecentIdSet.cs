namespace TweetPlatform.ServiceDefaults.Deduplication;

/// <summary>
/// A bounded set of the most recently seen ids (oldest evicted first), for dropping re-sent events
/// without unbounded memory. Thread-safe.
/// </summary>
public sealed class RecentIdSet(int capacity)
{
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();
    private readonly Lock _gate = new();

    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity));

    public int Count
    {
        get { lock (_gate) { return _ids.Count; } }
    }

    public bool Contains(string id)
    {
        lock (_gate) { return _ids.Contains(id); }
    }

    /// <summary>Adds the id; false when it was already present (a duplicate).</summary>
    public bool Add(string id)
    {
        lock (_gate)
        {
            if (!_ids.Add(id))
            {
                return false;
            }
            _order.Enqueue(id);
            if (_order.Count > Capacity)
            {
                _ids.Remove(_order.Dequeue());
            }
            return true;
        }
    }
}
