using TweetPlatform.Analytics.Queries.Language;

namespace TweetPlatform.UnitTests.Analytics.Queries;

/// <summary>The streaming SQL's syntax: what it reads, how it folds case, and errors that say where and what was expected.</summary>
public sealed class ParserTests
{
    [Fact]
    public void A_windowed_grouped_query_reads_every_clause()
    {
        var query = Parser.Parse("""
            select hashtag, count(*) AS tweets, WINDOWSTART
            FROM Tweets
            WHERE conference = 'javaone' AND NOT retweet
            WINDOW HOPPING (SIZE 10 MINUTES, ADVANCE BY 1 MINUTE)
            GROUP BY hashtag
            HAVING COUNT(*) > 5
            EMIT CHANGES;
            """);

        Assert.Equal(["hashtag", "tweets", "windowstart"], query.Select.Select(s => s.Alias));
        Assert.Equal(new FunctionCall("COUNT", [], Star: true), query.Select[1].Expression);
        Assert.Equal("tweets", query.Source);
        Assert.Equal(new Binary(BinaryOperator.And,
            new Binary(BinaryOperator.Equal, new ColumnReference("conference"), new Literal("javaone")),
            new Not(new ColumnReference("retweet"))), query.Where);
        Assert.Equal(new WindowClause(WindowKind.Hopping, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(1), query.Window!.Position), query.Window);
        Assert.Equal([new ColumnReference("hashtag")], query.GroupBy);
        Assert.Equal(new Binary(BinaryOperator.Greater, new FunctionCall("COUNT", [], Star: true), new Literal(5.0)), query.Having);
        Assert.True(query.EmitChanges);
    }

    [Fact]
    public void Window_may_come_before_where_as_in_ksqldb()
    {
        var query = Parser.Parse("SELECT COUNT(*) FROM tweets WINDOW TUMBLING (SIZE 1 MINUTE) WHERE CONTAINS(text, 'keynote')");

        Assert.Equal(WindowKind.Tumbling, query.Window!.Kind);
        Assert.Equal(TimeSpan.FromMinutes(1), query.Window.Advance);
        Assert.Equal(new FunctionCall("CONTAINS", [new ColumnReference("text"), new Literal("keynote")]), query.Where);
    }

    [Fact]
    public void And_binds_tighter_than_or_and_not_tighter_than_and()
    {
        var query = Parser.Parse("SELECT author FROM tweets WHERE NOT retweet OR language = 'en' AND author IN ('a', 'b')");

        var or = Assert.IsType<Binary>(query.Where);
        Assert.Equal(BinaryOperator.Or, or.Operator);
        Assert.IsType<Not>(or.Left);
        var and = Assert.IsType<Binary>(or.Right);
        Assert.Equal(BinaryOperator.And, and.Operator);
        Assert.Equal(new InList(new ColumnReference("author"), [new Literal("a"), new Literal("b")], Negated: false), and.Right);
    }

    [Fact]
    public void Strings_keep_their_case_and_double_quotes_escape_a_quote()
    {
        var query = Parser.Parse("SELECT text FROM tweets WHERE text NOT LIKE '%It''s%' AND language IS NOT NULL");

        var and = Assert.IsType<Binary>(query.Where);
        Assert.Equal(new Like(new ColumnReference("text"), "%It's%", Negated: true), and.Left);
        Assert.Equal(new IsNull(new ColumnReference("language"), Negated: true), and.Right);
    }

    [Fact]
    public void Positions_are_left_out_of_equality_so_a_grouped_column_matches_however_it_is_spaced()
    {
        var query = Parser.Parse("SELECT LOWER( author ), COUNT(*) FROM tweets GROUP BY lower(AUTHOR)");

        Assert.Equal(query.GroupBy[0], query.Select[0].Expression);
        Assert.NotEqual(query.GroupBy[0].Position, query.Select[0].Expression.Position);
    }

    [Theory]
    [InlineData("SELECT author FORM tweets", 1, 15, "expected ',' or FROM, found 'FORM'")]
    [InlineData("SELECT author FROM tweets WHERE", 1, 32, "expected a column, a value, a function or '(', found the end of the query")]
    [InlineData("SELECT author\nFROM tweets\nWHERE author = ", 3, 16, "found the end of the query")]
    [InlineData("SELECT COUNT(*) FROM tweets WINDOW SLIDING (SIZE 1 MINUTE)", 1, 36, "expected TUMBLING or HOPPING")]
    [InlineData("SELECT COUNT(*) FROM tweets WINDOW TUMBLING (SIZE 1 WEEK)", 1, 53, "expected SECONDS, MINUTES, HOURS or DAYS, found 'WEEK'")]
    [InlineData("SELECT COUNT(*) FROM tweets WINDOW HOPPING (SIZE 10 MINUTES)", 1, 60, "expected ',' and ADVANCE BY")]
    [InlineData("SELECT author FROM tweets WHERE text = 'open", 1, 40, "a string is not closed")]
    [InlineData("SELECT author FROM tweets WHERE author = \"x\"", 1, 42, "strings take single quotes")]
    [InlineData("SELECT author FROM tweets GROUP author", 1, 33, "expected BY after GROUP")]
    [InlineData("SELECT author FROM tweets EMIT CHANGES WHERE x", 1, 40, "expected the end of the query, found 'WHERE'")]
    [InlineData("SELECT author FROM tweets; DROP TABLE tweets", 1, 28, "found 'DROP'")]
    [InlineData("SELECT author FROM tweets WHERE likes > 3x", 1, 42, "after the number")]
    [InlineData("SELECT FROM tweets", 1, 8, "expected a column, a value, a function or '(', found 'FROM'")]
    [InlineData("SELECT author FROM tweets WHERE author IN ()", 1, 44, "expected a value, found ')'")]
    public void A_syntax_error_names_its_line_column_and_what_was_expected(string text, int line, int column, string problem)
    {
        var error = Assert.Throws<QueryException>(() => Parser.Parse(text));

        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.StartsWith($"Line {line}, column {column}: ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SELECT author FROM tweets WHERE author = 'a\u202Eb'", "U+202E")] // right-to-left override
    [InlineData("SELECT author FROM tweets WHERE author = 'a\u200Bb'", "U+200B")] // zero-width space
    [InlineData("SELECT author FROM tweets WHERE author = 'a\u0000b'", "U+0000")]
    [InlineData("SELECT аuthor FROM tweets", "U+0430")] // a Cyrillic 'a' in a name
    [InlineData("SELECT author FROM tweets WHERE author = 'x' \uFF1B", "only ASCII outside strings")]
    public void Invisible_control_and_look_alike_characters_are_refused_with_their_code(string text, string named)
    {
        var error = Assert.Throws<QueryException>(() => Parser.Parse(text));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_broken_surrogate_in_a_string_is_refused()
    {
        // Built here: a test case's data would carry the lone surrogate as U+FFFD.
        var text = "SELECT author FROM tweets WHERE author = 'a" + (char)0xD800 + "b'";

        Assert.Contains("unpaired surrogate", Assert.Throws<QueryException>(() => Parser.Parse(text)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_in_strings_may_be_any_language_and_emoji()
    {
        var query = Parser.Parse("SELECT author FROM tweets WHERE CONTAINS(text, 'カンファレンス 🎉')");

        Assert.Equal(new Literal("カンファレンス 🎉"), Assert.IsType<FunctionCall>(query.Where).Arguments[1]);
    }

    [Fact]
    public void Huge_and_deeply_nested_queries_are_refused_before_they_cost_anything()
    {
        var tooLong = "SELECT author FROM tweets WHERE " + string.Join(" OR ", Enumerable.Repeat("author = 'someone'", 200));
        Assert.Contains("longer than 2,000 characters", Assert.Throws<QueryException>(() => Parser.Parse(tooLong)).Message, StringComparison.Ordinal);

        var tooManyTokens = "SELECT author FROM tweets WHERE " + string.Join(" OR ", Enumerable.Repeat("a=1", 150));
        Assert.Contains("more than 400 tokens", Assert.Throws<QueryException>(() => Parser.Parse(tooManyTokens)).Message, StringComparison.Ordinal);

        var deep = "SELECT author FROM tweets WHERE " + new string('(', 40) + "retweet" + new string(')', 40);
        Assert.Contains("nests deeper than 16", Assert.Throws<QueryException>(() => Parser.Parse(deep)).Message, StringComparison.Ordinal);

        var nots = "SELECT author FROM tweets WHERE " + string.Concat(Enumerable.Repeat("NOT ", 40)) + "retweet";
        Assert.Contains("nests deeper than 16", Assert.Throws<QueryException>(() => Parser.Parse(nots)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Comments_run_to_the_end_of_the_line()
    {
        var query = Parser.Parse("SELECT author -- who\nFROM tweets -- where from\n");

        Assert.Equal("author", query.Select.Single().Alias);
    }
}
