using Confluent.Kafka;
using Microsoft.Extensions.Logging;


namespace TweetPlatform.EventBus;

/// <summary>
/// Assigns a consumer every partition of some topics, without a consumer group: for readers that
/// must see everything (each push-gateway instance, each replica), never a share of it.
/// </summary>
public static class WholeTopicAssignment
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Waits until every topic exists, then assigns all its partitions, each starting at the offset
    /// <paramref name="startAt"/> picks from the partition's watermarks (resolved now, so nothing
    /// produced after this call can be skipped). Returns the partitions with those watermarks.
    /// </summary>
    public static IReadOnlyList<(TopicPartition Partition, WatermarkOffsets Watermarks)> Assign<TKey, TValue>(
        IConsumer<TKey, TValue> consumer, IReadOnlyList<string> topics, Func<WatermarkOffsets, Offset> startAt,
        ILogger logger, CancellationToken stoppingToken)
    {
        var partitions = Discover(consumer, topics, logger, stoppingToken);
        consumer.Assign(partitions.Select(p => new TopicPartitionOffset(p.Partition, startAt(p.Watermarks))));
        logger.LogInformation("Assigned {Count} partitions of {Topics}", partitions.Count, string.Join(", ", topics));
        return partitions;
    }

    /// <summary>Waits until every topic exists; returns all their partitions with their current watermarks.</summary>
    public static IReadOnlyList<(TopicPartition Partition, WatermarkOffsets Watermarks)> Discover<TKey, TValue>(
        IConsumer<TKey, TValue> consumer, IReadOnlyList<string> topics, ILogger logger, CancellationToken stoppingToken)
    {
        using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
        while (true)
        {
            stoppingToken.ThrowIfCancellationRequested();
            try
            {
                var metadata = admin.GetMetadata(Timeout);
                var found = topics.Select(name => metadata.Topics.SingleOrDefault(t => t.Topic == name)).ToList();
                if (found.All(t => t is { Error.Code: ErrorCode.NoError, Partitions.Count: > 0 }))
                {
                    return found.SelectMany(t => t!.Partitions.Select(p => new TopicPartition(t.Topic, p.PartitionId)))
                        .Select(tp => (Partition: tp, Watermarks: consumer.QueryWatermarkOffsets(tp, Timeout)))
                        .ToList();
                }
                logger.LogWarning("Waiting for topics {Topics} to exist", string.Join(", ", topics));
            }
            catch (KafkaException ex)
            {
                logger.LogWarning("Cannot read Kafka metadata: {Reason}; retrying", ex.Error.Reason);
            }
            stoppingToken.WaitHandle.WaitOne(TimeSpan.FromSeconds(1));
        }
    }
}
