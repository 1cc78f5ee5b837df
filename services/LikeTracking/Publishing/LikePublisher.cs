using Confluent.Kafka;
using TweetPlatform.Contracts;
using TweetPlatform.ServiceDefaults.Kafka;
using TweetPlatform.Contracts.Events;

namespace TweetPlatform.LikeTracking.Publishing;

/// <summary>Produces like events and count updates, keyed by tweet id, acknowledged by all in-sync replicas.</summary>
public sealed class LikePublisher(IProducer<string, byte[]> producer, ILogger<LikePublisher> logger)
{
    /// <summary>Where Kafka stored the like; null when it could not take it.</summary>
    public async Task<TopicPartitionOffset?> PublishLikeAsync(LikeToggled like, CancellationToken cancellationToken)
    {
        try
        {
            var result = await producer.ProduceAsync(Topics.Likes, Message(Topics.Likes, like.TweetId,
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
        producer.ProduceAsync(Topics.LikeCounts, Message(Topics.LikeCounts, count.TweetId,
            EventSerializer.Serialize(count, EventJsonContext.Default.LikeCountChanged)), cancellationToken);

    private static Message<string, byte[]> Message(string topic, string key, byte[] value) => new()
    {
        Key = key,
        Value = value,
        Headers = EventHeaders.Of(topic).ToKafkaHeaders(),
    };
}
