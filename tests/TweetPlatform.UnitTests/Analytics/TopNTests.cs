using TweetPlatform.Analytics.Operators;

namespace TweetPlatform.UnitTests.Analytics;

/// <summary>Top N by score: deterministic ties, each item once, drop-outs, and a ranking derived from the store.</summary>
public sealed class TopNTests
{
    private static RankedItem<string> R(string item, long score) => new(item, score);

    [Fact]
    public void Ranks_by_score_descending_then_item_ordinal_ascending()
    {
        var top = new TopN<string>("t", 3);
        top.Update("b", 5);
        top.Update("a", 5);
        top.Update("C", 5);
        top.Update("d", 9);

        Assert.Equal([R("d", 9), R("C", 5), R("a", 5)], top.Top);
    }

    [Fact]
    public void An_item_is_listed_once_however_often_its_score_changes()
    {
        var top = new TopN<string>("t", 3);
        for (var score = 1; score <= 10; score++)
        {
            top.Update("a", score);
            top.Update("b", score % 3);
        }

        Assert.Equal([R("a", 10), R("b", 1)], top.Top);
        Assert.Single(top.Top, r => r.Item == "a");
    }

    [Fact]
    public void An_overtaken_item_drops_out_and_the_change_is_reported()
    {
        var top = new TopN<string>("t", 2);
        Assert.True(top.Update("a", 3).Changed);
        Assert.True(top.Update("b", 2).Changed);

        var overtaking = top.Update("c", 4);

        Assert.True(overtaking.Changed);
        Assert.Equal([R("c", 4), R("a", 3)], overtaking.Top);
        Assert.Equal(2, top.ScoreOf("b")); // still known: it can come back
    }

    [Fact]
    public void An_item_whose_score_falls_to_zero_drops_out_and_the_next_one_moves_up()
    {
        var top = new TopN<string>("t", 2);
        top.Update("a", 3);
        top.Update("b", 2);
        top.Update("c", 1);

        var change = top.Update("a", 0);

        Assert.True(change.Changed);
        Assert.Equal([R("b", 2), R("c", 1)], change.Top);
        Assert.False(top.Scores.ContainsKey("a"));
        Assert.False(top.Update("a", 0).Changed);
        Assert.False(top.Update("never", 0).Changed);
    }

    [Fact]
    public void Changes_below_the_visible_list_or_repeats_report_no_change()
    {
        var top = new TopN<string>("t", 2);
        top.Update("a", 10);
        top.Update("b", 9);

        Assert.False(top.Update("c", 1).Changed);
        Assert.False(top.Update("c", 5).Changed);
        Assert.False(top.Update("b", 9).Changed);
        Assert.True(top.Update("b", 8).Changed); // same items, new score: the visible list changed
        Assert.False(top.Update("c", 8).Changed); // ties with b, and "b" < "c": b keeps its place
        Assert.Equal([R("a", 10), R("c", 9)], top.Update("c", 9).Top);
    }

    [Fact]
    public void The_same_final_scores_rank_the_same_in_any_update_order_as_a_brute_force_sort()
    {
        var random = new Random(17);
        var finalScores = Enumerable.Range(0, 60).ToDictionary(i => $"item{i}", _ => (long)random.Next(0, 8));
        IReadOnlyList<RankedItem<string>>? first = null;
        for (var run = 0; run < 20; run++)
        {
            var top = new TopN<string>("t", 5);
            foreach (var (item, score) in finalScores.OrderBy(_ => random.Next()))
            {
                top.Update(item, random.Next(0, 8)); // some noise first
                top.Update(item, score);
            }
            first ??= top.Top;
            Assert.Equal(first, top.Top);
        }
        var expected = finalScores.Where(s => s.Value > 0)
            .OrderByDescending(s => s.Value).ThenBy(s => s.Key, StringComparer.Ordinal)
            .Take(5).Select(s => R(s.Key, s.Value));
        Assert.Equal(expected, first);
    }

    [Fact]
    public void A_ranking_restored_from_the_changelog_lists_the_same_items()
    {
        var original = new TopN<string>("t", 3);
        var restored = new TopN<string>("t", 3);
        original.Update("a", 4);
        original.Update("b", 7);
        original.Update("c", 1);
        original.Update("d", 5);
        original.Update("b", 0);

        Changelog.Ship(original.Scores, restored.Scores);

        Assert.Equal(original.Top, restored.Top);
        var originalChange = original.Update("c", 6);
        var restoredChange = restored.Update("c", 6);
        Assert.True(restoredChange.Changed);
        Assert.Equal(originalChange.Changed, restoredChange.Changed);
        Assert.Equal(originalChange.Top, restoredChange.Top);
    }

    [Fact]
    public void The_size_must_be_positive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TopN<string>("t", 0));
    }
}
