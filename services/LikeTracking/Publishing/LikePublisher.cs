using System.Text;
using Confluent.Kafka;
using TweetPlatform.Contracts;
using TweetPlatform.Contracts.Events;

namespace TweetPlatform.LikeTracking.Publishing;

/// <summary>Produces like events and count updates, keyed by tweet id, acknowledged by all in-sync replicas.</summary>
public sealed class LikePublisher(IProducer<string, byte[]> producer, ILogger<LikePublisher> logger)
{
    private static readonly byte[] ContentType = Encoding.UTF8.GetBytes("application/json");
    private static readonly byte[] LikeType = Encoding.UTF8.GetBytes("like-toggled.v1");
    private static readonly byte[] CountType = Encoding.UTF8.GetBytes("like-count-changed.v1");

    /// <summary>Where Kafka stored the like; null when it could not take it.</summary>
    public async Task<TopicPartitionOffset?> PublishLikeAsync(LikeToggled like, CancellationToken cancellationToken)
    {
        try
        {
            var result = await producer.ProduceAsync(Topics.Likes, Message(like.TweetId, LikeType,
                EventSerializer.Serialize(like, EventJsonContext.Default.LikeToggled)), cancellationToken);
            return result.TopicPartitionOffset;
        }
        catch (ProduceException<string, byte[]> ex)
        {
            logger.LogWarning("Kafka did not take a like for {TweetId}: {Code} {Reason}", like.TweetId, ex.Error.Code, ex.Error.Reason);
            return null;
        }
    }

    /// <summary>Throws when Kafka cannot take it: the consume loop then retries before committing.</summary>
    public Task PublishCountAsync(LikeCountChanged count, CancellationToken cancellationToken) =>
        producer.ProduceAsync(Topics.LikeCounts, Message(count.TweetId, CountType,
            EventSerializer.Serialize(count, EventJsonContext.Default.LikeCountChanged)), cancellationToken);

    private static Message<string, byte[]> Message(string key, byte[] type, byte[] value) => new()
    {
        Key = key,
        Value = value,
        Headers = new Headers { { "event-type", type }, { "content-type", ContentType } },
    };
}
