namespace TweetPlatform.Analytics.Streams;

/// <summary>
/// The largest event time an operator has seen; it never goes back. Kept in a store (one entry) so a
/// restored operator closes windows exactly where the old one would have.
/// </summary>
public sealed class StreamTime
{
    private const string Key = "stream-time";

    public StreamTime(string storeName) => Store = new StateStore<string, DateTimeOffset>(storeName);

    public StateStore<string, DateTimeOffset> Store { get; }

    /// <summary>Null until the first event.</summary>
    public DateTimeOffset? Current => Store.TryGet(Key, out var t) ? t : null;

    /// <summary>Moves stream time forward to <paramref name="eventTime"/> if that is later.</summary>
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
