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
    public void Dropped_stores_made_or_only_restored_leave_a_tombstone_for_each_key_and_nothing_to_restore()
    {
        var stores = new StateStores();
        var first = stores.Add<string, long>("query.q1.groups");
        first.Put("a", 1);
        first.Put("b", 2);
        var kept = stores.Add<string, long>("query.q2.groups");
        kept.Put("x", 1);
        var changelog = stores.TakeChanges().ToList();
        first.Put("c", 3); // not written yet

        // Another instance restored these records before query q1's stores were made.
        var restored = new StateStores();
        changelog.ForEach(record => restored.Restore(record.Key, record.Value));
        Assert.Equal(["query.q1.groups", "query.q2.groups"], restored.UnclaimedNames.Order(StringComparer.Ordinal));

        stores.Drop("query.q1.");
        restored.Drop("query.q1.");

        var tombstones = stores.TakeChanges();
        Assert.Equal(["query.q1.groups|\"a\"", "query.q1.groups|\"b\"", "query.q1.groups|\"c\""], tombstones.Select(t => t.Key).Order(StringComparer.Ordinal));
        Assert.All(tombstones, t => Assert.Null(t.Value));
        Assert.Equal(["query.q1.groups|\"a\"", "query.q1.groups|\"b\""], restored.TakeChanges().Select(t => t.Key).Order(StringComparer.Ordinal));
        Assert.Equal(["query.q2.groups"], restored.UnclaimedNames);
        Assert.Equal(["query.q2.groups"], stores.Names);

        // The changelog with its tombstones restores nothing of q1: not even a record waiting for a store.
        var afterCompaction = new StateStores();
        changelog.Concat(tombstones).ToList().ForEach(record => afterCompaction.Restore(record.Key, record.Value));
        Assert.Equal(["query.q2.groups"], afterCompaction.UnclaimedNames);
        Assert.Empty(afterCompaction.Add<string, long>("query.q1.groups").Entries);
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
