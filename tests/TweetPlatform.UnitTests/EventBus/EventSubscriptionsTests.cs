using System.Text.Json;
using Confluent.Kafka;
using TweetPlatform.Contracts;
using TweetPlatform.Contracts.Events;
using TweetPlatform.EventBus;

namespace TweetPlatform.UnitTests.EventBus;

/// <summary>
/// Handlers per event type: a record goes to the handler of its topic's registered contract, read with that
/// contract, with where it was stored; a record no handler takes or that breaks its contract is refused.
/// </summary>
public sealed class EventSubscriptionsTests
{
    private static ConsumeResult<string, byte[]> Record(string topic, byte[] value, long offset = 7) => new()
    {
        TopicPartitionOffset = new TopicPartitionOffset(topic, 3, offset),
        Message = new Message<string, byte[]> { Key = "k", Value = value, Timestamp = new Timestamp(DateTime.UnixEpoch.AddSeconds(5), TimestampType.CreateTime) },
    };

    private static byte[] Like(string tweetId) => IntegrationEvents.LikeToggled.Serialize(new LikeToggled
    {
        TweetId = tweetId, ViewerId = "v", Liked = true, RequestedAt = DateTimeOffset.UnixEpoch,
    });

    [Fact]
    public async Task A_record_goes_to_the_handler_of_its_event_type_with_where_it_was_stored()
    {
        var likes = new List<(string TweetId, EventContext Context)>();
        var counts = 0;
        var on = new EventSubscriptions(IntegrationEvents.Registry)
            .On<LikeToggled>((like, context) => likes.Add((like.TweetId, context)))
            .On<LikeCountChanged>((_, _) => counts++);

        await on.DispatchAsync(Record(Topics.Likes, Like("42")), CancellationToken.None);

        Assert.Equal([Topics.Likes, Topics.LikeCounts], on.Topics);
        var (tweetId, context) = Assert.Single(likes);
        Assert.Equal("42", tweetId);
        Assert.Equal(new TopicPartitionOffset(Topics.Likes, 3, 7), context.Source);
        Assert.Equal("k", context.Key);
        Assert.Equal(DateTimeOffset.UnixEpoch.AddSeconds(5), context.Timestamp);
        Assert.Equal(0, counts);
    }

    [Fact]
    public async Task A_record_of_no_handled_topic_or_breaking_its_contract_is_refused()
    {
        var on = new EventSubscriptions(IntegrationEvents.Registry).On<LikeToggled>((_, _) => Assert.Fail("not handled"));

        await Assert.ThrowsAsync<PoisonMessageException>(() => on.DispatchAsync(Record(Topics.Tweets, Like("1")), CancellationToken.None).AsTask());
        await Assert.ThrowsAsync<JsonException>(() => on.DispatchAsync(Record(Topics.Likes, "{\"tweetId\":null}"u8.ToArray()), CancellationToken.None).AsTask());
        Assert.Throws<InvalidOperationException>(() => on.On<LikeToggled>((_, _) => { }));
    }
}
