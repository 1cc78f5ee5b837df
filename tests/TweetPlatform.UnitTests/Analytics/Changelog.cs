using TweetPlatform.Analytics.Operators;

namespace TweetPlatform.UnitTests.Analytics;

/// <summary>What the Kafka layer does with a store, without Kafka: ship its changes to a copy and restore them there.</summary>
internal static class Changelog
{
    public static void Ship<TKey, TValue>(StateStore<TKey, TValue> from, StateStore<TKey, TValue> to) where TKey : notnull
    {
        foreach (var change in from.TakeChanges())
        {
            to.Restore(change);
        }
    }

    public static void Ship<TKey>(WindowedCounter<TKey> from, WindowedCounter<TKey> to) where TKey : notnull
    {
        Ship(from.Counts, to.Counts);
        Ship(from.Totals, to.Totals);
        Ship(from.ObservedEventTime.Store, to.ObservedEventTime.Store);
    }
}
