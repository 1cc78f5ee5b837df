using TweetPlatform.Contracts.Events;
using TweetPlatform.LikeTracking.State;

namespace TweetPlatform.UnitTests.LikeTracking;

/// <summary>The like ledger: one like per viewer per tweet, repeats change nothing, the same events give the same state.</summary>
public sealed class LikeLedgerTests
{
    private static LikeToggled Like(string tweet, string viewer, bool liked = true) =>
        new() { TweetId = tweet, ViewerId = viewer, Liked = liked, RequestedAt = DateTimeOffset.UnixEpoch };

    [Fact]
    public void A_like_counts_once_per_viewer_and_repeats_change_nothing()
    {
        var ledger = new LikeLedger();

        Assert.Equal(new LikeOutcome("t", "v1", true, 1, true), ledger.Apply(Like("t", "v1")));
        Assert.Equal(new LikeOutcome("t", "v1", true, 1, false), ledger.Apply(Like("t", "v1")));
        Assert.Equal(new LikeOutcome("t", "v2", true, 2, true), ledger.Apply(Like("t", "v2")));
        Assert.Equal(2, ledger.CountOf("t"));
        Assert.True(ledger.HasLiked("t", "v1"));
    }

    [Fact]
    public void An_unlike_removes_only_an_existing_like_and_repeats_change_nothing()
    {
        var ledger = new LikeLedger();
        ledger.Apply(Like("t", "v1"));

        Assert.Equal(new LikeOutcome("t", "v2", false, 1, false), ledger.Apply(Like("t", "v2", liked: false)));
        Assert.Equal(new LikeOutcome("t", "v1", false, 0, true), ledger.Apply(Like("t", "v1", liked: false)));
        Assert.Equal(new LikeOutcome("t", "v1", false, 0, false), ledger.Apply(Like("t", "v1", liked: false)));
        Assert.Equal(new LikeOutcome("other", "v1", false, 0, false), ledger.Apply(Like("other", "v1", liked: false)));
        Assert.False(ledger.HasLiked("t", "v1"));
    }

    [Fact]
    public void The_same_events_in_the_same_order_give_the_same_counts_as_a_brute_force_count()
    {
        var random = new Random(42);
        var events = Enumerable.Range(0, 5_000)
            .Select(_ => Like($"t{random.Next(20)}", $"v{random.Next(50)}", random.Next(3) > 0))
            .ToList();
        var first = new LikeLedger();
        var second = new LikeLedger();
        events.ForEach(e => first.Apply(e));
        events.ForEach(e => second.Apply(e));

        // Brute force: a viewer likes a tweet when their last event for it was a like.
        var expected = events.GroupBy(e => (e.TweetId, e.ViewerId)).Where(g => g.Last().Liked)
            .GroupBy(g => g.Key.TweetId).ToDictionary(g => g.Key, g => g.Count());
        foreach (var tweet in events.Select(e => e.TweetId).Distinct())
        {
            Assert.Equal(expected.GetValueOrDefault(tweet), first.CountOf(tweet));
            Assert.Equal(first.CountOf(tweet), second.CountOf(tweet));
        }
    }
}
