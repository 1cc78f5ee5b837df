using System.Text;
using System.Text.Json;
using TweetPlatform.Contracts;
using TweetPlatform.Contracts.Events;
using TweetPlatform.EventBus;

namespace TweetPlatform.UnitTests.Contracts;

/// <summary>Event JSON: round trips, and a null where the contract has none is an error (so the message is dead-lettered).</summary>
public sealed class EventContractTests
{
    [Fact]
    public void A_tweet_round_trips_with_its_string_id()
    {
        var tweet = new TweetReceived
        {
            TweetId = "853987654321987654321", Text = "t", Author = "a", Hashtags = ["kafka"], Conference = "javaone",
            CreatedAt = DateTimeOffset.UnixEpoch, ReceivedAt = DateTimeOffset.UnixEpoch, Source = "api",
        };

        var json = Encoding.UTF8.GetString(IntegrationEvents.TweetReceived.Serialize(tweet));
        var back = IntegrationEvents.TweetReceived.Deserialize(Encoding.UTF8.GetBytes(json));

        Assert.Contains("\"tweetId\":\"853987654321987654321\"", json);
        Assert.Equal(tweet.TweetId, back.TweetId);
        Assert.Equal(["kafka"], back.Hashtags);
    }

    [Theory]
    [InlineData("{\"version\":1,\"tweetId\":null,\"count\":1,\"likesPartition\":0,\"likesOffset\":0,\"changedAt\":\"2026-01-01T00:00:00Z\"}")]
    [InlineData("{\"version\":1,\"count\":1,\"likesPartition\":0,\"likesOffset\":0,\"changedAt\":\"2026-01-01T00:00:00Z\"}")]
    [InlineData("null")]
    public void A_missing_or_null_required_field_is_a_json_error(string json)
    {
        Assert.ThrowsAny<JsonException>(() =>
            IntegrationEvents.LikeCountChanged.Deserialize(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void History_topics_are_kept_forever_and_every_input_topic_has_enough_partitions()
    {
        foreach (var name in new[] { Topics.Tweets, Topics.Likes })
        {
            var spec = Topics.All.Single(t => t.Name == name);
            Assert.Equal("-1", spec.Config!["retention.ms"]);
        }
        // Findings topics (live queries' definitions and results among them) are few and small: one partition keeps the
        // push gateway's resume token short.
        string[] findings = [Topics.TweetCounts, Topics.TrendingHashtags, Topics.TopLiked, Topics.Alerts, Topics.LiveQueries, Topics.LiveQueryResults];
        Assert.All(Topics.All.Where(t => !findings.Contains(t.Name)), t => Assert.True(t.Partitions >= 16, t.Name));
        Assert.All(Topics.All.Where(t => findings.Contains(t.Name)), t => Assert.Equal(Topics.FindingPartitions, t.Partitions));
        Assert.Equal(Topics.All.Count, Topics.All.Select(t => t.Name).Distinct().Count());
    }

    [Fact]
    public void An_event_of_another_schema_version_is_a_json_error_naming_the_version()
    {
        var json = "{\"version\":2,\"tweetId\":\"t\",\"viewerId\":\"v\",\"liked\":true,\"requestedAt\":\"2026-01-01T00:00:00Z\"}"u8.ToArray();

        var error = Assert.Throws<JsonException>(() =>
            IntegrationEvents.LikeToggled.Deserialize(json));

        Assert.Equal("Unsupported LikeToggled version 2.", error.Message);
        Assert.Equal(2, EventSerializer.Deserialize(json, EventJsonContext.Default.LikeToggled).Version);
    }
}
