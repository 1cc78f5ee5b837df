using TweetPlatform.Analytics.Operators;
using TweetPlatform.Analytics.Queries.Language;
using TweetPlatform.Analytics.Queries.Planning;

namespace TweetPlatform.UnitTests.Analytics.Queries;

/// <summary>The planner: names and types checked against the stream, aggregation rules, window limits, and the plan's shape.</summary>
public sealed class PlannerTests
{
    [Fact]
    public void The_issue_examples_plan()
    {
        var keyword = Planner.Plan("SELECT COUNT(*) AS tweets, WINDOWSTART FROM tweets WHERE CONTAINS(text, 'keynote') WINDOW TUMBLING (SIZE 1 MINUTE)");
        Assert.True(keyword.Aggregates);
        Assert.Equal(TimeSpan.FromMinutes(1), Assert.IsType<TumblingWindows>(keyword.Windowing).Size);
        Assert.Equal([new ResultColumn("tweets", ColumnType.Number), new ResultColumn("windowstart", ColumnType.Timestamp)], keyword.Columns);

        var authors = Planner.Plan("SELECT author, COUNT(*) FROM tweets WINDOW HOPPING (SIZE 10 MINUTES, ADVANCE BY 1 MINUTE) GROUP BY author HAVING COUNT(*) > 5");
        Assert.Equal(10, Assert.IsType<HoppingWindows>(authors.Windowing).WindowsPerInstant);
        Assert.Equal(["author", "COUNT(*)"], authors.Columns.Select(c => c.Name));

        var alert = Planner.Plan("SELECT hashtag, COUNT(*) FROM tweets WHERE hashtag = 'kafka' WINDOW TUMBLING (SIZE 1 MINUTE) GROUP BY hashtag HAVING COUNT(*) > 20");
        Assert.True(alert.PerHashtag);
    }

    [Fact]
    public void A_query_without_aggregates_passes_rows_through()
    {
        var plan = Planner.Plan("SELECT author, text FROM tweets WHERE LOWER(author) LIKE 'ann%'");

        Assert.False(plan.Aggregates);
        Assert.Null(plan.Windowing);
        Assert.False(plan.PerHashtag);
    }

    [Fact]
    public void Every_aggregate_has_its_type()
    {
        var plan = Planner.Plan("""
            SELECT tweet_id, COUNT(*), COUNT_DISTINCT(tweet_id) AS d, SUM(likes), AVG(likes), MIN(likes), MAX(changed_at), TOPK(tweet_id, 3) AS top
            FROM like_counts GROUP BY tweet_id
            """);

        Assert.Equal([ColumnType.String, ColumnType.Number, ColumnType.Number, ColumnType.Number, ColumnType.Number, ColumnType.Number,
            ColumnType.Timestamp, ColumnType.Ranking], plan.Columns.Select(c => c.Type));
    }

    [Theory]
    [InlineData("SELECT author FROM tweetz", "unknown stream 'tweetz'; expected tweets or like_counts", 20)]
    [InlineData("SELECT autor FROM tweets", "unknown column 'autor' of tweets; expected one of tweet_id, author", 8)]
    [InlineData("SELECT likes FROM tweets", "unknown column 'likes' of tweets", 8)]
    [InlineData("SELECT author FROM tweets WHERE author", "WHERE needs TRUE or FALSE, not a string", 33)]
    [InlineData("SELECT author FROM tweets WHERE retweet > FALSE", "TRUE and FALSE have no order", 41)]
    [InlineData("SELECT author FROM tweets WHERE created_at = 'x'", "cannot compare a time with a string", 44)]
    [InlineData("SELECT author FROM tweets WHERE COUNT(*) > 1", "COUNT is an aggregate: only in SELECT or HAVING", 33)]
    [InlineData("SELECT SUM(COUNT(*)) FROM tweets", "an aggregate cannot be inside another (COUNT)", 12)]
    [InlineData("SELECT SUM(author) FROM tweets", "SUM needs a number, not a string", 12)]
    [InlineData("SELECT TOPK(author, 0) FROM tweets", "TOPK's k is a whole number from 1 to 50", 21)]
    [InlineData("SELECT TOPK(author, 2.5) FROM tweets", "TOPK's k is a whole number", 21)]
    [InlineData("SELECT SUM(*) FROM tweets", "SUM(*) is not an aggregate; only COUNT(*)", 8)]
    [InlineData("SELECT MEDIAN(author) FROM tweets", "unknown function MEDIAN; expected one of AVG, CONTAINS, COUNT", 8)]
    [InlineData("SELECT CONTAINS(text, author) FROM tweets", "CONTAINS looks for a string in quotes", 23)]
    [InlineData("SELECT author, COUNT(*) FROM tweets", "'author' is neither grouped by nor inside an aggregate", 8)]
    [InlineData("SELECT author, COUNT(*) FROM tweets GROUP BY conference", "'author' is neither grouped by", 8)]
    [InlineData("SELECT conference FROM tweets GROUP BY conference HAVING author = 'x'", "'author' is neither grouped by", 58)]
    [InlineData("SELECT author FROM tweets WINDOW TUMBLING (SIZE 1 MINUTE)", "a windowed query needs an aggregate in SELECT", 34)]
    [InlineData("SELECT WINDOWSTART FROM tweets", "WINDOWSTART is the bound of a window", 8)]
    [InlineData("SELECT COUNT(*) FROM tweets WHERE windowend > 1", "WINDOWEND is the bound of a window", 35)]
    [InlineData("SELECT COUNT(*) FROM tweets WINDOW TUMBLING (SIZE 25 HOURS)", "a window is between 1 second and 24 hours long", 36)]
    [InlineData("SELECT COUNT(*) FROM tweets WINDOW TUMBLING (SIZE 0 SECONDS)", "a window is between", 36)]
    [InlineData("SELECT COUNT(*) FROM tweets WINDOW TUMBLING (SIZE 99999999999 DAYS)", "a window is between", 36)]
    [InlineData("SELECT COUNT(*) FROM tweets WINDOW HOPPING (SIZE 10 MINUTES, ADVANCE BY 3 MINUTES)", "whole multiple of the advance", 36)]
    [InlineData("SELECT COUNT(*) FROM tweets WINDOW HOPPING (SIZE 2 HOURS, ADVANCE BY 1 MINUTE)", "at most 60 times its advance", 36)]
    [InlineData("SELECT author, author FROM tweets", "two columns are named 'author'; name one with AS", 16)]
    [InlineData("SELECT author FROM tweets WHERE language IN ('en', 3)", "IN compares a string with a number", 52)]
    [InlineData("SELECT author FROM tweets WHERE likes > 3", "unknown column 'likes'", 33)]
    [InlineData("SELECT COUNT(*) FROM tweets GROUP BY NULL", "GROUP BY needs a column", 38)]
    public void A_query_that_cannot_run_is_refused_with_the_place_and_the_reason(string text, string problem, int column)
    {
        var error = Assert.Throws<QueryException>(() => Planner.Plan(text));

        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
        Assert.Equal(column, error.Column);
    }
}
