using Confluent.Kafka;

namespace TweetPlatform.PushGateway.Consuming;

/// <summary>One record's position and time, read at chosen offsets of several partitions at once.</summary>
public static class RecordReader
{
    public sealed record RecordAt(long Offset, DateTimeOffset Timestamp);

    /// <summary>
    /// Reads the first record at or after each position (the consumer needs <c>enable.partition.eof</c>):
    /// a partition at its end answers its end offset with no time; one that does not answer in time is left out.
    /// Leaves the consumer unassigned.
    /// </summary>
    public static Dictionary<TopicPartition, RecordAt?> ReadAt(IConsumer<string, byte[]> consumer, IReadOnlyList<TopicPartitionOffset> positions,
        TimeSpan timeout, TimeProvider time)
    {
        var read = new Dictionary<TopicPartition, RecordAt?>();
        if (positions.Count == 0)
        {
            return read;
        }
        consumer.Assign(positions);
        var pending = positions.Select(p => p.TopicPartition).ToHashSet();
        var started = time.GetTimestamp();
        while (pending.Count > 0 && time.GetElapsedTime(started) < timeout)
        {
            var record = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (record is null || !pending.Remove(record.TopicPartition))
            {
                continue;
            }
            read[record.TopicPartition] = record.IsPartitionEOF
                ? new RecordAt(record.Offset.Value, DateTimeOffset.MaxValue)
                : new RecordAt(record.Offset.Value, new DateTimeOffset(record.Message.Timestamp.UtcDateTime, TimeSpan.Zero));
        }
        consumer.Unassign();
        foreach (var missing in pending)
        {
            read[missing] = null;
        }
        return read;
    }
}
