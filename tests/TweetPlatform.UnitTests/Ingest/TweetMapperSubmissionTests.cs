using TweetPlatform.Ingest.Model;
using TweetPlatform.Ingest.Parsing;

namespace TweetPlatform.UnitTests.Ingest;

/// <summary>Validating and mapping our own tweet JSON (POST /api/tweets).</summary>
public sealed class TweetMapperSubmissionTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly TweetMapper _mapper = TestMappers.Create();

    private static TweetSubmission Valid() => new() { Text = "Hello world", Author = "alice" };

    private static void AssertOnlyErrorOn(TweetMapping mapping, string field)
    {
        Assert.False(mapping.IsValid);
        Assert.Null(mapping.Tweet);
        Assert.Equal([field], mapping.Errors.Keys);
        Assert.NotEmpty(mapping.Errors[field]);
    }

    [Fact]
    public void Valid_submission_maps_its_fields()
    {
        var created = new DateTimeOffset(2025, 6, 1, 13, 30, 0, TimeSpan.FromHours(2));
        var mapping = _mapper.FromSubmission(new TweetSubmission
        {
            Id = "1234567890",
            Text = "Hello world",
            Author = "alice",
            AuthorImageUrl = "https://example.com/alice.png",
            CreatedAt = created,
            Language = "pt-BR",
            IsRetweet = true,
            OriginalTweetId = "42",
            Link = "https://x.com/alice/status/1234567890",
        }, Now);

        Assert.True(mapping.IsValid);
        Assert.Empty(mapping.Errors);
        var tweet = mapping.Tweet!;
        Assert.Equal("1234567890", tweet.TweetId);
        Assert.Equal("Hello world", tweet.Text);
        Assert.Equal("alice", tweet.Author);
        Assert.Equal("https://example.com/alice.png", tweet.AuthorImageUrl);
        Assert.Equal(created, tweet.CreatedAt);
        Assert.Equal(TimeSpan.Zero, tweet.CreatedAt.Offset);
        Assert.Equal(Now, tweet.ReceivedAt);
        Assert.Equal("pt-BR", tweet.Language);
        Assert.True(tweet.IsRetweet);
        Assert.Equal("42", tweet.OriginalTweetId);
        Assert.Equal("https://x.com/alice/status/1234567890", tweet.Link);
        Assert.Equal("api", tweet.Source);
    }

    [Fact]
    public void Missing_text_and_author_are_reported_under_their_json_names()
    {
        var mapping = _mapper.FromSubmission(new TweetSubmission { Text = null, Author = "   " }, Now);

        Assert.Null(mapping.Tweet);
        Assert.Equal(["author", "text"], mapping.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Text_may_be_exactly_the_maximum_length_but_not_longer()
    {
        var atLimit = Valid();
        atLimit.Text = new string('x', TestMappers.MaxTextLength);
        var overLimit = Valid();
        overLimit.Text = new string('x', TestMappers.MaxTextLength + 1);

        Assert.True(_mapper.FromSubmission(atLimit, Now).IsValid);
        AssertOnlyErrorOn(_mapper.FromSubmission(overLimit, Now), "text");
    }

    [Fact]
    public void Author_may_be_exactly_the_maximum_length_but_not_longer()
    {
        var atLimit = Valid();
        atLimit.Author = new string('a', TestMappers.MaxAuthorLength);
        var overLimit = Valid();
        overLimit.Author = new string('a', TestMappers.MaxAuthorLength + 1);

        Assert.True(_mapper.FromSubmission(atLimit, Now).IsValid);
        AssertOnlyErrorOn(_mapper.FromSubmission(overLimit, Now), "author");
    }

    [Theory]
    [InlineData("a b")]
    [InlineData("")]
    [InlineData("id/with/slashes")]
    public void Invalid_id_is_reported_under_id(string id)
    {
        var body = Valid();
        body.Id = id;

        AssertOnlyErrorOn(_mapper.FromSubmission(body, Now), "id");
    }

    [Fact]
    public void Id_longer_than_64_characters_is_reported_under_id()
    {
        var body = Valid();
        body.Id = new string('a', 65);

        AssertOnlyErrorOn(_mapper.FromSubmission(body, Now), "id");
    }

    [Theory]
    [InlineData("ftp://example.com/alice.png")]
    [InlineData("javascript:alert(1)")]
    [InlineData("/relative/alice.png")]
    [InlineData("not a url")]
    public void Author_image_url_must_be_absolute_http_or_https(string url)
    {
        var body = Valid();
        body.AuthorImageUrl = url;

        AssertOnlyErrorOn(_mapper.FromSubmission(body, Now), "authorImageUrl");
    }

    [Fact]
    public void CreatedAt_more_than_a_day_ahead_is_rejected()
    {
        var body = Valid();
        body.CreatedAt = Now.AddDays(1).AddSeconds(1);

        AssertOnlyErrorOn(_mapper.FromSubmission(body, Now), "createdAt");
    }

    [Fact]
    public void CreatedAt_up_to_a_day_ahead_or_in_the_past_is_accepted()
    {
        var ahead = Valid();
        ahead.CreatedAt = Now.AddDays(1);
        var past = Valid();
        past.CreatedAt = Now.AddYears(-8);

        Assert.Equal(Now.AddDays(1), _mapper.FromSubmission(ahead, Now).Tweet!.CreatedAt);
        Assert.Equal(Now.AddYears(-8), _mapper.FromSubmission(past, Now).Tweet!.CreatedAt);
    }

    [Fact]
    public void Missing_createdAt_defaults_to_now()
    {
        Assert.Equal(Now, _mapper.FromSubmission(Valid(), Now).Tweet!.CreatedAt);
    }

    [Fact]
    public void Hashtags_are_the_given_ones_then_those_in_the_text_lower_cased_without_repeats()
    {
        var body = Valid();
        body.Hashtags = ["#DotNet", "csharp"];
        body.Text = "Loving #dotnet and #CSharp, see you at #Aspire #aspire";

        var tweet = _mapper.FromSubmission(body, Now).Tweet!;

        Assert.Equal(["dotnet", "csharp", "aspire"], tweet.Hashtags);
    }

    [Fact]
    public void Conference_is_the_first_hashtag_that_is_tracked()
    {
        var body = Valid();
        body.Hashtags = ["random"];
        body.Text = "Off to #DotNetConf and later #NDCOslo";

        var tweet = _mapper.FromSubmission(body, Now).Tweet!;

        Assert.Equal("dotnetconf", tweet.Conference);
    }

    [Fact]
    public void Without_a_tracked_hashtag_there_is_no_conference()
    {
        var body = Valid();
        body.Text = "Just #coffee";

        Assert.Null(_mapper.FromSubmission(body, Now).Tweet!.Conference);
    }

    [Fact]
    public void Without_an_id_a_valid_id_is_generated_per_request()
    {
        var first = _mapper.FromSubmission(Valid(), Now).Tweet!;
        var second = _mapper.FromSubmission(Valid(), Now).Tweet!;

        Assert.True(TweetIds.IsValid(first.TweetId), first.TweetId);
        Assert.True(TweetIds.IsValid(second.TweetId), second.TweetId);
        Assert.NotEqual(first.TweetId, second.TweetId);
    }

    [Fact]
    public void IsRetweet_defaults_to_false()
    {
        Assert.False(_mapper.FromSubmission(Valid(), Now).Tweet!.IsRetweet);
    }

    [Fact]
    public void Id_with_a_trailing_newline_is_reported_under_id()
    {
        var body = Valid();
        body.Id = "abc\n";

        AssertOnlyErrorOn(_mapper.FromSubmission(body, Now), "id");
    }
}
