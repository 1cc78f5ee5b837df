using Microsoft.Extensions.Options;
using TweetPlatform.Ingest;
using TweetPlatform.Ingest.Parsing;

namespace TweetPlatform.UnitTests.Ingest;

/// <summary>A tweet's conference is the first of its hashtags that is a tracked tag.</summary>
public sealed class ConferenceMatcherTests
{
    private readonly ConferenceMatcher _matcher = new(Options.Create(new IngestOptions
    {
        TrackedTags = ["#DotNetConf", "NDCOslo"],
        WebhookSecret = "0123456789abcdef",
    }));

    [Fact]
    public void Tracked_tags_are_normalised_so_any_spelling_in_config_matches()
    {
        Assert.Equal("dotnetconf", _matcher.Match(["dotnetconf"]));
        Assert.Equal("ndcoslo", _matcher.Match(["ndcoslo"]));
    }

    [Fact]
    public void The_first_matching_hashtag_of_the_tweet_wins_not_the_first_tracked_tag()
    {
        Assert.Equal("ndcoslo", _matcher.Match(["random", "ndcoslo", "dotnetconf"]));
    }

    [Fact]
    public void No_tracked_tag_means_no_conference()
    {
        Assert.Null(_matcher.Match(["random", "dotnet"]));
        Assert.Null(_matcher.Match([]));
    }
}
