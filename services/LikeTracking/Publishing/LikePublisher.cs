using Confluent.Kafka;
using TweetPlatform.Contracts;
using TweetPlatform.EventBus;
using TweetPlatform.Contracts.Events;

namespace TweetPlatform.LikeTracking.Publishing;

/// <summary>Produces like events and count updates, keyed by tweet id, acknowledged by all in-sync replicas.</summary>
public sealed class LikePublisher(IEventPublisher events, ILogger<LikePublisher> logger)
{
    /// <summary>Where Kafka stored the like; null when it could not take it.</summary>
    public async Task<TopicPartitionOffset?> PublishLikeAsync(LikeToggled like, CancellationToken cancellationToken)
    {
        try
        {
            return await events.PublishAsync(like, like.TweetId, cancellationToken);
        }
        catch (KafkaException ex)
        {
            logger.LogWarning("Kafka did not take a like for {TweetId}: {Code} {Reason}", like.TweetId, ex.Error.Code, ex.Error.Reason);
            return null;
        }
    }

    /// <summary>Throws when Kafka cannot take it: the consume loop then retries before committing.</summary>
    public Task PublishCountAsync(LikeCountChanged count, CancellationToken cancellationToken) =>
        events.PublishAsync(count, count.TweetId, cancellationToken);
}
