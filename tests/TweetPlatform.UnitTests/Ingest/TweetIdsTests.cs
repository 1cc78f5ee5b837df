using TweetPlatform.Ingest.Parsing;

namespace TweetPlatform.UnitTests.Ingest;

/// <summary>Tweet ids: validation, status numbers from links, and content-derived ids.</summary>
public sealed class TweetIdsTests
{
    [Theory]
    [InlineData("https://twitter.com/someone/status/853987654321987654321", "853987654321987654321")]
    [InlineData("https://x.com/someone/status/1234567890", "1234567890")]
    [InlineData("https://twitter.com/someone/status/1234567890?s=20&t=abc", "1234567890")]
    [InlineData("https://twitter.com/someone/status/1234567890/photo/1", "1234567890")]
    [InlineData("https://twitter.com/someone/statuses/1234567890", "1234567890")]
    [InlineData("https://twitter.com/someone/status/1234567890#fragment", "1234567890")]
    [InlineData("http://TWITTER.com/Someone/STATUS/42", "42")]
    public void FromLink_returns_the_status_number_as_text(string link, string expected)
    {
        Assert.Equal(expected, TweetIds.FromLink(link));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("https://twitter.com/someone")]
    [InlineData("https://twitter.com/someone/status/")]
    [InlineData("https://twitter.com/someone/status/12ab")]
    [InlineData("https://twitter.com/someone/statusx/123")]
    public void FromLink_returns_null_when_there_is_no_status_number(string? link)
    {
        Assert.Null(TweetIds.FromLink(link));
    }

    [Fact]
    public void FromContent_is_deterministic_and_a_valid_id()
    {
        var createdAt = new DateTimeOffset(2017, 4, 17, 13, 39, 0, TimeSpan.Zero);

        var first = TweetIds.FromContent("alice", createdAt, "hello");
        var second = TweetIds.FromContent("alice", createdAt, "hello");

        Assert.Equal(first, second);
        Assert.True(TweetIds.IsValid(first));
    }

    [Fact]
    public void FromContent_is_the_same_for_the_same_instant_in_another_offset()
    {
        var utc = new DateTimeOffset(2017, 4, 17, 13, 39, 0, TimeSpan.Zero);

        Assert.Equal(TweetIds.FromContent("alice", utc, "hello"), TweetIds.FromContent("alice", utc.ToOffset(TimeSpan.FromHours(2)), "hello"));
    }

    [Fact]
    public void FromContent_differs_when_any_field_differs()
    {
        var createdAt = new DateTimeOffset(2017, 4, 17, 13, 39, 0, TimeSpan.Zero);
        var baseline = TweetIds.FromContent("alice", createdAt, "hello");

        Assert.NotEqual(baseline, TweetIds.FromContent("bob", createdAt, "hello"));
        Assert.NotEqual(baseline, TweetIds.FromContent("alice", createdAt.AddMinutes(1), "hello"));
        Assert.NotEqual(baseline, TweetIds.FromContent("alice", createdAt, "hello!"));
        // The separator keeps field boundaries: moving a character between fields changes the id.
        Assert.NotEqual(TweetIds.FromContent("ab", createdAt, "c"), TweetIds.FromContent("a", createdAt, "bc"));
    }

    [Theory]
    [InlineData("a")]
    [InlineData("853987654321987654321")]
    [InlineData("abc_DEF-123")]
    public void IsValid_accepts_letters_digits_dash_and_underscore(string id)
    {
        Assert.True(TweetIds.IsValid(id));
    }

    [Fact]
    public void IsValid_accepts_exactly_the_maximum_length()
    {
        Assert.True(TweetIds.IsValid(new string('a', TweetIds.MaxLength)));
        Assert.False(TweetIds.IsValid(new string('a', TweetIds.MaxLength + 1)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a b")]
    [InlineData("a.b")]
    [InlineData("a/b")]
    [InlineData("caf\u00e9")]
    [InlineData("\nabc")]
    public void IsValid_rejects_other_characters(string id)
    {
        Assert.False(TweetIds.IsValid(id));
    }

    [Fact]
    public void IsValid_rejects_a_trailing_newline()
    {
        Assert.False(TweetIds.IsValid("abc\n"));
    }

    [Theory]
    [InlineData("https://twitter.com/alice/status/\uff11\uff12\uff13")]
    [InlineData("https://twitter.com/alice/status/\u0661\u0662\u0663")]
    public void FromLink_ignores_non_ascii_digits(string link)
    {
        Assert.Null(TweetIds.FromLink(link));
    }
}
