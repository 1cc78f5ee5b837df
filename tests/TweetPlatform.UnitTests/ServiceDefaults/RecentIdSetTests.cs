using TweetPlatform.ServiceDefaults.Deduplication;

namespace TweetPlatform.UnitTests.ServiceDefaults;

/// <summary>A bounded set of recently seen ids that evicts the oldest first.</summary>
public sealed class RecentIdSetTests
{
    [Fact]
    public void Add_returns_false_for_a_duplicate()
    {
        var set = new RecentIdSet(10);

        Assert.True(set.Add("a"));
        Assert.False(set.Add("a"));
        Assert.True(set.Add("A")); // ordinal: case matters
        Assert.Equal(2, set.Count);
        Assert.True(set.Contains("a"));
    }

    [Fact]
    public void Over_capacity_the_oldest_id_is_evicted_first()
    {
        var set = new RecentIdSet(3);
        set.Add("1");
        set.Add("2");
        set.Add("3");

        Assert.True(set.Add("4"));

        Assert.Equal(3, set.Count);
        Assert.False(set.Contains("1"));
        Assert.True(set.Contains("2"));
        Assert.True(set.Contains("3"));
        Assert.True(set.Contains("4"));
        Assert.True(set.Add("1")); // forgotten, so new again; evicts "2"
        Assert.False(set.Contains("2"));
    }

    [Fact]
    public void A_duplicate_does_not_refresh_or_reorder_eviction()
    {
        var set = new RecentIdSet(2);
        set.Add("1");
        set.Add("2");
        Assert.False(set.Add("1"));

        set.Add("3");

        Assert.False(set.Contains("1"));
        Assert.True(set.Contains("2"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Capacity_must_be_positive(int capacity)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RecentIdSet(capacity));
    }

    [Fact]
    public void Concurrent_adds_of_overlapping_ids_accept_each_distinct_id_exactly_once()
    {
        const int distinct = 500;
        var set = new RecentIdSet(10_000);
        var accepted = 0;

        Parallel.For(0, 20_000, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            if (set.Add($"id-{i % distinct}"))
            {
                Interlocked.Increment(ref accepted);
            }
        });

        Assert.Equal(distinct, accepted);
        Assert.Equal(distinct, set.Count);
    }
}
