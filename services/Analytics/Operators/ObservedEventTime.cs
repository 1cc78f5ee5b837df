namespace TweetPlatform.Analytics.Operators;

/// <summary>
/// The largest event time an operator has seen (Kafka Streams calls it stream time); it never goes back. Kept in a store (one entry) so a
/// restored operator closes windows exactly where the old one would have.
/// </summary>
public sealed class ObservedEventTime
{
    private const string Key = "stream-time"; // changelog data: keeps its name

    public ObservedEventTime(string storeName, StateStores? stores = null) => Store = (stores ?? new StateStores()).Add<string, DateTimeOffset>(storeName);

    public StateStore<string, DateTimeOffset> Store { get; }

    /// <summary>Null until the first event.</summary>
    public DateTimeOffset? Current => Store.TryGet(Key, out var t) ? t : null;

    /// <summary>Moves observed event time forward to <paramref name="eventTime"/> if that is later.</summary>
    /// <returns>Stream time after the event.</returns>
    public DateTimeOffset Advance(DateTimeOffset eventTime)
    {
        if (Current is { } current && current >= eventTime)
        {
            return current; // an out-of-order event: nothing to write
        }
        Store.Put(Key, eventTime);
        return eventTime;
    }
}
