using Confluent.Kafka;
using Microsoft.Extensions.Logging;


namespace TweetPlatform.EventBus;

/// <summary>
/// How a consumer of a group ends (SIGTERM, Ctrl+C): the offsets of everything handled and stored are
/// committed at once, not left to the auto-commit timer, then it leaves the group so its partitions move
/// without waiting for the session timeout. On the consume loop's own thread, after its last call.
/// </summary>
public static class ConsumerShutdown
{
    public static void CommitAndClose<TKey, TValue>(IConsumer<TKey, TValue> consumer, ILogger logger)
    {
        try
        {
            var committed = consumer.Commit();
            logger.LogInformation("Committed the offsets of {Partitions} partitions before leaving the group", committed.Count);
        }
        catch (KafkaException ex) when (ex.Error.Code == ErrorCode.Local_NoOffset)
        {
            // Nothing stored since the last commit.
        }
        catch (KafkaException ex)
        {
            logger.LogWarning(ex, "The final commit failed; the next owner of these partitions handles their last messages again");
        }
        consumer.Close();
    }
}
