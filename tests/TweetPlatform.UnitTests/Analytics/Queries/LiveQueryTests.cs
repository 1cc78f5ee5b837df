using TweetPlatform.Analytics.Queries.Planning;
using TweetPlatform.Analytics.Queries.Running;
using TweetPlatform.Contracts.Events;

namespace TweetPlatform.UnitTests.Analytics.Queries;

/// <summary>What the brute-force comparison does not reach: limits, pass-through rows, retention, LIKE and NULL.</summary>
public sealed class LiveQueryTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);

    private static QueryRow Tweet(string author, DateTimeOffset at, string text = "hi", string? language = "en") =>
        QueryRow.FromTweet(new TweetReceived
        {
            TweetId = Guid.NewGuid().ToString("N"), Text = text, Author = author, Language = language, CreatedAt = at, ReceivedAt = at, Source = "test",
        }, perHashtag: false).Single();

    [Fact]
    public void A_query_over_its_group_limit_is_stopped_with_the_reason()
    {
        var query = new LiveQuery("q", Planner.Plan("SELECT author, COUNT(*) FROM tweets GROUP BY author"), TimeSpan.Zero);
        for (var i = 0; i < LiveQuery.MaxGroups; i++)
        {
            query.Apply(Tweet($"a{i}", Start));
        }

        var stopped = Assert.Throws<QueryLimitExceededException>(() => query.Apply(Tweet("one-too-many", Start)));
        Assert.Contains("more than 10,000 groups", stopped.Message, StringComparison.Ordinal);
        query.Apply(Tweet("a1", Start)); // an existing group still counts
    }

    [Fact]
    public void A_pass_through_query_keeps_its_latest_rows_and_says_which_left()
    {
        var query = new LiveQuery("q", Planner.Plan("SELECT author, UPPER(text) AS loud FROM tweets WHERE language IS NOT NULL"), TimeSpan.Zero);
        for (var i = 0; i < LiveQuery.MaxRows; i++)
        {
            query.Apply(Tweet($"a{i}", Start, text: "shout"));
        }
        Assert.Equal(LiveQuery.MaxRows, query.TakeChanges().Count);
        query.Apply(Tweet($"a{LiveQuery.MaxRows}", Start, text: "shout"));
        var last = query.TakeChanges();
        query.Apply(Tweet("no-language", Start, language: null));
        Assert.Empty(query.TakeChanges());

        var result = query.Result();
        Assert.Equal(LiveQuery.MaxRows, result.Count);
        Assert.Equal(["a1", "SHOUT"], result[0].Values!);
        Assert.Equal(["a100", "SHOUT"], result[^1].Values!);
        Assert.Equal(2, last.Count);
        Assert.True(last[1].IsRemoval);
    }

    [Fact]
    public void A_closed_window_stays_in_the_result_for_its_retention_then_leaves_it()
    {
        var query = new LiveQuery("q", Planner.Plan("SELECT COUNT(*) FROM tweets WINDOW TUMBLING (SIZE 1 MINUTE)"), TimeSpan.FromSeconds(10));
        query.Apply(Tweet("a", Start));
        Assert.Equal(TimeSpan.FromMinutes(60), query.Retention);

        query.Apply(Tweet("a", Start + TimeSpan.FromMinutes(30)));
        Assert.Equal(2, query.Result().Count);

        query.TakeChanges();
        query.Apply(Tweet("a", Start + TimeSpan.FromMinutes(61) + TimeSpan.FromSeconds(10)));
        var changes = query.TakeChanges();
        Assert.Contains(changes, c => c.IsRemoval && c.Window!.Value.Start == Start);
        Assert.Equal(2, query.Result().Count);
    }

    [Fact]
    public void Having_takes_a_group_out_of_the_result_when_it_stops_holding()
    {
        var query = new LiveQuery("q", Planner.Plan("SELECT tweet_id, MIN(likes) FROM like_counts GROUP BY tweet_id HAVING MIN(likes) > 1"), TimeSpan.Zero);
        LikeCountChanged Like(int count) => new() { TweetId = "t", Count = count, LikesPartition = 0, LikesOffset = count, ChangedAt = Start };

        query.Apply(QueryRow.FromLikeCount(Like(3)));
        Assert.Equal([3.0], query.TakeChanges().Single().Values!.Skip(1));
        query.Apply(QueryRow.FromLikeCount(Like(1)));
        var removed = query.TakeChanges().Single();

        Assert.True(removed.IsRemoval);
        Assert.Empty(query.Result());
    }

    [Theory]
    [InlineData("Keynote at nine", "keynote%", true)]
    [InlineData("Keynote at nine", "%AT%", true)]
    [InlineData("Keynote at nine", "k_ynote%", true)]
    [InlineData("Keynote", "Keynote_", false)]
    [InlineData("100% sure", "100%", true)]
    [InlineData("", "%", true)]
    [InlineData("abc", "", false)]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab", "%a%a%a%a%a%a%a%a%a%c", false)]
    public void Like_matches_without_case(string text, string pattern, bool matches) =>
        Assert.Equal(matches, LikePattern.Matches(text, pattern));
}
