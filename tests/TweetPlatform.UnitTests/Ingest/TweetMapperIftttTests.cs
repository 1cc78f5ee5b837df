using TweetPlatform.Ingest.Model;
using TweetPlatform.Ingest.Parsing;

namespace TweetPlatform.UnitTests.Ingest;

/// <summary>Validating and mapping IFTTT's webhook payload.</summary>
public sealed class TweetMapperIftttTests
{
    private static readonly DateTimeOffset Now = new(2017, 4, 17, 14, 0, 5, TimeSpan.Zero);
    private readonly TweetMapper _mapper = TestMappers.Create();

    private static IftttTweetPayload Valid() => new()
    {
        Text = "Great talk at #NDCOslo",
        UserName = "alice",
        UserImageUrl = "https://pbs.twimg.com/profile_images/alice.png",
        CreatedAt = "April 17, 2017 at 01:39PM",
        LinkToTweet = "https://twitter.com/alice/status/853987654321987654321",
    };

    [Fact]
    public void Valid_payload_maps_its_fields()
    {
        var tweet = _mapper.FromIfttt(Valid(), Now).Tweet!;

        Assert.Equal("Great talk at #NDCOslo", tweet.Text);
        Assert.Equal("alice", tweet.Author);
        Assert.Equal("https://pbs.twimg.com/profile_images/alice.png", tweet.AuthorImageUrl);
        Assert.Equal(new DateTimeOffset(2017, 4, 17, 13, 39, 0, TimeSpan.Zero), tweet.CreatedAt);
        Assert.Equal(Now, tweet.ReceivedAt);
        Assert.Equal(["ndcoslo"], tweet.Hashtags);
        Assert.Equal("ndcoslo", tweet.Conference);
        Assert.Equal("https://twitter.com/alice/status/853987654321987654321", tweet.Link);
        Assert.False(tweet.IsRetweet);
        Assert.Equal("ifttt", tweet.Source);
    }

    [Fact]
    public void Id_is_the_status_number_of_the_link_exactly_even_beyond_the_range_of_long()
    {
        var tweet = _mapper.FromIfttt(Valid(), Now).Tweet!;

        Assert.Equal("853987654321987654321", tweet.TweetId);
    }

    [Fact]
    public void Without_a_status_link_the_id_is_derived_from_content_and_stable_across_resends()
    {
        var body = Valid();
        body.LinkToTweet = null;

        var first = _mapper.FromIfttt(body, Now).Tweet!;
        var resent = _mapper.FromIfttt(body, Now.AddMinutes(5)).Tweet!;
        var other = Valid();
        other.LinkToTweet = null;
        other.Text += "!";

        Assert.Equal(first.TweetId, resent.TweetId);
        Assert.True(TweetIds.IsValid(first.TweetId), first.TweetId);
        Assert.NotEqual(first.TweetId, _mapper.FromIfttt(other, Now).Tweet!.TweetId);
    }

    [Fact]
    public void Missing_required_fields_are_reported_under_iftt_ingredient_names()
    {
        var mapping = _mapper.FromIfttt(new IftttTweetPayload { Text = " ", UserName = null, CreatedAt = "" }, Now);

        Assert.Null(mapping.Tweet);
        Assert.Equal(["CreatedAt", "Text", "UserName"], mapping.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Unparseable_createdAt_is_reported_under_CreatedAt()
    {
        var body = Valid();
        body.CreatedAt = "sometime last week";

        var mapping = _mapper.FromIfttt(body, Now);

        Assert.Null(mapping.Tweet);
        Assert.Equal(["CreatedAt"], mapping.Errors.Keys);
    }

    [Fact]
    public void CreatedAt_more_than_a_day_ahead_is_reported_under_CreatedAt()
    {
        var body = Valid();
        body.CreatedAt = "April 19, 2017 at 01:39PM";

        Assert.Equal(["CreatedAt"], _mapper.FromIfttt(body, Now).Errors.Keys);
    }

    [Fact]
    public void CreatedAt_is_read_in_the_configured_time_zone()
    {
        var mapper = TestMappers.Create(TestMappers.Options(iftttTimeZone: "Europe/Amsterdam"));

        var tweet = mapper.FromIfttt(Valid(), Now).Tweet!;

        Assert.Equal(new DateTimeOffset(2017, 4, 17, 11, 39, 0, TimeSpan.Zero), tweet.CreatedAt);
    }

    [Fact]
    public void Text_starting_with_RT_at_is_a_retweet()
    {
        var body = Valid();
        body.Text = "RT @bob: Great talk at #NDCOslo";

        Assert.True(_mapper.FromIfttt(body, Now).Tweet!.IsRetweet);
    }

    [Fact]
    public void Non_http_link_to_tweet_is_reported_under_LinkToTweet()
    {
        var body = Valid();
        body.LinkToTweet = "ftp://twitter.com/alice/status/1";

        Assert.Equal(["LinkToTweet"], _mapper.FromIfttt(body, Now).Errors.Keys);
    }

    [Fact]
    public void Id_taken_from_the_link_is_always_a_valid_id()
    {
        var body = Valid();
        body.LinkToTweet = "https://twitter.com/alice/status/\uff11\uff12\uff13";

        var tweet = _mapper.FromIfttt(body, Now).Tweet!;

        Assert.True(TweetIds.IsValid(tweet.TweetId), tweet.TweetId);
    }
}
