using Confluent.Kafka;
using TweetPlatform.Contracts;
using TweetPlatform.ServiceDefaults.Kafka;
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
public sealed class TweetPublisher(IProducer<string, byte[]> producer, ILogger<TweetPublisher> logger)
{
    public async Task<PublishOutcome> PublishAsync(TweetReceived tweet, CancellationToken cancellationToken)
    {
        try
        {
            await producer.ProduceAsync(Topics.Tweets, Message(tweet), cancellationToken).ConfigureAwait(false);
            return PublishOutcome.Stored;
        }
        catch (ProduceException<string, byte[]> ex)
        {
            // Timeouts, a full local queue, brokers down: nothing was stored that we may claim.
            logger.LogWarning("Kafka did not take tweet {TweetId}: {Code} {Reason}", tweet.TweetId, ex.Error.Code, ex.Error.Reason);
            return PublishOutcome.Unavailable;
        }
    }

    /// <summary>Produces all at once (Kafka batches them); the outcome of each, in order.</summary>
    public async Task<IReadOnlyList<PublishOutcome>> PublishAllAsync(IReadOnlyList<TweetReceived> tweets, CancellationToken cancellationToken)
    {
        var sends = tweets.Select(tweet => producer.ProduceAsync(Topics.Tweets, Message(tweet), cancellationToken)).ToList();
        try
        {
            await Task.WhenAll(sends).ConfigureAwait(false);
        }
        catch (ProduceException<string, byte[]> ex)
        {
            logger.LogWarning("Kafka did not take {Failed} of {Count} tweets of a batch: {Code} {Reason}",
                sends.Count(s => !s.IsCompletedSuccessfully), sends.Count, ex.Error.Code, ex.Error.Reason);
        }
        return sends.Select(s => s.IsCompletedSuccessfully ? PublishOutcome.Stored : PublishOutcome.Unavailable).ToList();
    }

    private static Message<string, byte[]> Message(TweetReceived tweet) => new()
    {
        Key = tweet.TweetId,
        Value = EventSerializer.Serialize(tweet, EventJsonContext.Default.TweetReceived),
        Headers = EventHeaders.Of(Topics.Tweets).ToKafkaHeaders(),
    };
}
