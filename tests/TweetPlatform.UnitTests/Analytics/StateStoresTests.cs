using TweetPlatform.Analytics;
using TweetPlatform.Analytics.Processing;
using TweetPlatform.Analytics.Operators;

namespace TweetPlatform.UnitTests.Analytics;

/// <summary>
/// Stores registered by name log their own changes: what is written through one registry rebuilds an equal store in
/// another from the changelog records alone, and two stores cannot share a name (they would share a changelog).
/// </summary>
public sealed class StateStoresTests
{
    [Fact]
    public void A_store_made_through_the_registry_is_rebuilt_from_its_changelog_records()
    {
        var stores = new StateStores();
        var counts = stores.Add<string, long>("counts");
        counts.Put("b", 2);
        counts.Put("a", 1);
        counts.Delete("b");

        var rebuilt = new StateStores();
        var copy = rebuilt.Add<string, long>("counts");
        foreach (var (key, value) in stores.TakeChanges())
        {
            Assert.True(rebuilt.Restore(key, value), key);
        }

        Assert.Equal(counts.Entries, copy.Entries);
        Assert.Empty(stores.TakeChanges());
        Assert.False(rebuilt.Restore("other|\"a\"", "1"u8.ToArray()));
    }

    [Fact]
    public void Two_stores_of_one_name_or_a_name_with_the_separator_are_refused()
    {
        var stores = new StateStores();
        stores.Add<string, long>("counts");

        Assert.Throws<ArgumentException>(() => stores.Add<string, int>("counts"));
        Assert.Throws<ArgumentException>(() => stores.Add<string, int>("a|b"));
    }

    [Fact]
    public void Every_operator_store_of_a_task_is_in_its_changelog_under_the_names_already_written()
    {
        var task = new AnalyticsTask(0, new AnalyticsOptions(), lateEvents: null);

        // The changelog already holds records under these names: renaming one would orphan its state.
        Assert.Equal(
        [
            "alerts.counts", "alerts.fired", "alerts.stream-time", "alerts.totals",
            "most-liked.like-counts",
            "queries.sources", "queries.stopped",
            "task.likes-offsets", "task.progress",
            "trending-conference.emitted", "trending-conference.slots.counts", "trending-conference.slots.stream-time", "trending-conference.slots.totals",
            "trending-overall.emitted", "trending-overall.slots.counts", "trending-overall.slots.stream-time", "trending-overall.slots.totals",
            "tweet-counts.counts", "tweet-counts.stream-time", "tweet-counts.totals",
        ], task.StoreNames.Order(StringComparer.Ordinal));
    }
}
