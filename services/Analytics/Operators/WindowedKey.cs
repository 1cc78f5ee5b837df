namespace TweetPlatform.Analytics.Operators;

/// <summary>A key within one window: what window stores are keyed by.</summary>
public readonly record struct WindowedKey<TKey>(TKey Key, TimeWindow Window) where TKey : notnull
{
    /// <summary>
    /// Window first (start, then end), then key: with windows of one size the oldest, first to
    /// close, come first, so expiry stops at the first open one.
    /// </summary>
    public static IComparer<WindowedKey<TKey>> Order(IComparer<TKey> keyOrder) =>
        Comparer<WindowedKey<TKey>>.Create((a, b) =>
        {
            var byWindow = a.Window.CompareTo(b.Window);
            return byWindow != 0 ? byWindow : keyOrder.Compare(a.Key, b.Key);
        });
}
