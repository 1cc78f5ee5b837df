using System.Text;
using System.Text.Json;
using TweetPlatform.Contracts;
using TweetPlatform.Contracts.Events;
using TweetPlatform.EventBus;
using TweetPlatform.PushGateway;
using TweetPlatform.PushGateway.Feed;
using TweetPlatform.PushGateway.Projection;
using TweetPlatform.PushGateway.Sse;

namespace TweetPlatform.UnitTests.PushGateway;

/// <summary>
/// The push gateway's projection on its own: a record becomes a snapshot change and the frame browsers get, without
/// touching any state until the change is applied; repeats send nothing; a bad record is refused before any state.
/// </summary>
public sealed class RecordProjectionTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    private static SnapshotState NewSnapshot() => new(new PushGatewayOptions());

    private static byte[] TweetJson(string id, string? conference) => IntegrationEvents.TweetReceived.Serialize(new TweetReceived
    {
        TweetId = id, Text = "hello", Author = "ada", Conference = conference, CreatedAt = At, ReceivedAt = At, Source = "api",
    });

    private static byte[] LikeCountJson(string id, int count, long offset) => IntegrationEvents.LikeCountChanged.Serialize(new LikeCountChanged
    {
        TweetId = id, Count = count, LikesPartition = 0, LikesOffset = offset, ChangedAt = At,
    });

    private static JsonElement Data(PendingFrame frame) => JsonDocument.Parse(frame.Data).RootElement;

    [Fact]
    public void Projecting_changes_nothing_until_the_change_is_applied()
    {
        var snapshot = NewSnapshot();

        var change = RecordProjection.Project(Topics.Tweets, TweetJson("1", "dotnetconf"), At);

        Assert.Equal(0, snapshot.Version);
        var frame = change(snapshot);
        Assert.NotNull(frame);
        Assert.Equal(RecordProjection.TweetEventType, frame.EventType);
        Assert.Equal("dotnetconf", frame.Conference);
        Assert.Equal("1", Data(frame).GetProperty("tweetId").GetString());
        Assert.Equal(1, snapshot.Version);
    }

    [Fact]
    public void A_resent_tweet_and_a_republished_count_send_nothing()
    {
        var snapshot = NewSnapshot();
        RecordProjection.Project(Topics.Tweets, TweetJson("1", "dotnetconf"), At)(snapshot);
        RecordProjection.Project(Topics.LikeCounts, LikeCountJson("1", 3, offset: 7), At)(snapshot);

        Assert.Null(RecordProjection.Project(Topics.Tweets, TweetJson("1", "dotnetconf"), At)(snapshot));
        Assert.Null(RecordProjection.Project(Topics.LikeCounts, LikeCountJson("1", 3, offset: 7), At)(snapshot));
        Assert.Null(RecordProjection.Project(Topics.LikeCounts, LikeCountJson("1", 2, offset: 6), At)(snapshot));
    }

    [Fact]
    public void A_like_count_read_before_its_tweet_follows_the_tweet_with_its_conference()
    {
        var snapshot = NewSnapshot();
        var early = RecordProjection.Project(Topics.LikeCounts, LikeCountJson("1", 4, offset: 1), At)(snapshot);
        Assert.NotNull(early);
        Assert.Null(early.Conference);

        var tweet = RecordProjection.Project(Topics.Tweets, TweetJson("1", "qcon"), At)(snapshot);

        Assert.NotNull(tweet?.Then);
        Assert.Equal(RecordProjection.LikesEventType, tweet.Then.EventType);
        Assert.Equal("qcon", tweet.Then.Conference);
        Assert.Equal(4, Data(tweet.Then).GetProperty("count").GetInt32());
    }

    [Fact]
    public void A_finding_becomes_its_event_type_in_canonical_json_and_enters_the_snapshot()
    {
        var snapshot = NewSnapshot();
        var json = Encoding.UTF8.GetBytes("""{ "conference": "qcon", "top": [ { "tweetId": "9", "likes": 2 } ], "version": 1 }""");

        var frame = RecordProjection.Project(Topics.TopLiked, json, At)(snapshot);

        Assert.NotNull(frame);
        Assert.Equal("top-liked", frame.EventType);
        Assert.Equal("qcon", frame.Conference);
        Assert.Equal(IntegrationEvents.TopLikedChanged.Serialize(IntegrationEvents.TopLikedChanged.Deserialize(json)), frame.Data);
        var written = JsonDocument.Parse(snapshot.Write(ConferenceFilter.All)).RootElement;
        Assert.Equal("9", written.GetProperty("topLiked")[0].GetProperty("top")[0].GetProperty("tweetId").GetString());
    }

    [Fact]
    public void A_record_that_breaks_its_contract_or_an_unknown_topic_is_refused_before_any_change()
    {
        Assert.Throws<JsonException>(() => RecordProjection.Project(Topics.Tweets, "{\"tweetId\":null}"u8.ToArray(), At));
        Assert.Throws<PoisonMessageException>(() => RecordProjection.Project("other.v1", "{}"u8.ToArray(), At));
    }
}
