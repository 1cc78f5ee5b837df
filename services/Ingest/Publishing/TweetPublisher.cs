using Confluent.Kafka;
using TweetPlatform.Contracts;
using TweetPlatform.EventBus;
using TweetPlatform.Contracts.Events;

namespace TweetPlatform.Ingest.Publishing;

public enum PublishOutcome
{
    Stored,
    Unavailable,
}

/// <summary>
/// Produces accepted tweets to the tweets topic, keyed by tweet id (so every copy of a tweet lands on
/// the same partition, in order). Reports <see cref="PublishOutcome.Stored"/> only once Kafka has
/// acknowledged the event on all in-sync replicas.
/// </summary>
public sealed class TweetPublisher(IEventPublisher events, ILogger<TweetPublisher> logger)
{
    public async Task<PublishOutcome> PublishAsync(TweetReceived tweet, CancellationToken cancellationToken)
    {
        try
        {
            await events.PublishAsync(tweet, tweet.TweetId, cancellationToken).ConfigureAwait(false);
            return PublishOutcome.Stored;
        }
        catch (KafkaException ex)
        {
            // Timeouts, a full local queue, brokers down: nothing was stored that we may claim.
            logger.LogWarning("Kafka did not take tweet {TweetId}: {Code} {Reason}", tweet.TweetId, ex.Error.Code, ex.Error.Reason);
            return PublishOutcome.Unavailable;
        }
    }

    /// <summary>Produces all at once (Kafka batches them); the outcome of each, in order.</summary>
    public async Task<IReadOnlyList<PublishOutcome>> PublishAllAsync(IReadOnlyList<TweetReceived> tweets, CancellationToken cancellationToken)
    {
        var sends = tweets.Select(tweet => events.PublishAsync(tweet, tweet.TweetId, cancellationToken)).ToList();
        try
        {
            await Task.WhenAll(sends).ConfigureAwait(false);
        }
        catch (KafkaException ex)
        {
            logger.LogWarning("Kafka did not take {Failed} of {Count} tweets of a batch: {Code} {Reason}",
                sends.Count(s => !s.IsCompletedSuccessfully), sends.Count, ex.Error.Code, ex.Error.Reason);
        }
        return sends.Select(s => s.IsCompletedSuccessfully ? PublishOutcome.Stored : PublishOutcome.Unavailable).ToList();
    }
}
