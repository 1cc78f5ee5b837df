using Confluent.Kafka;

namespace TweetPlatform.PushGateway.Consuming;

/// <summary>
/// The first offset of each partition whose record is at or after a time, right on real Kafka and on the
/// embedded broker alike. Kafka's timestamp lookup (OffsetsForTimes) answers first; where it says "no
/// such record" although the partition's last record is not older than the time (the embedded broker
/// answers that for every lookup: it does not implement it), the offset is found by binary search over the
/// records' own timestamps, all partitions in step, one record read per partition and round.
/// The search assumes a partition's timestamps rise with its offsets, as a producer's clock makes them;
/// callers leave a margin for skew between producers.
/// </summary>
public static class OffsetsByTime
{
    public sealed record Lookup(TopicPartition Partition, long Low, long High, DateTimeOffset Time);

    public static Dictionary<TopicPartition, long> Find(IConsumer<string, byte[]> consumer, IReadOnlyList<Lookup> lookups, TimeSpan timeout, TimeProvider timeProvider)
    {
        var result = new Dictionary<TopicPartition, long>();
        var nonEmpty = lookups.Where(l => l.High > l.Low).ToList();
        foreach (var empty in lookups.Except(nonEmpty))
        {
            result[empty.Partition] = empty.High;
        }
        if (nonEmpty.Count == 0)
        {
            return result;
        }

        var answered = consumer.OffsetsForTimes(nonEmpty.Select(l => new TopicPartitionTimestamp(l.Partition, new Timestamp(l.Time))), timeout)
            .ToDictionary(o => o.TopicPartition, o => o.Offset.Value);
        var unsure = new List<Lookup>();
        foreach (var lookup in nonEmpty)
        {
            if (answered.TryGetValue(lookup.Partition, out var offset) && offset >= 0)
            {
                result[lookup.Partition] = Math.Clamp(offset, lookup.Low, lookup.High);
            }
            else
            {
                unsure.Add(lookup);
            }
        }
        if (unsure.Count > 0)
        {
            foreach (var (partition, offset) in Search(consumer, unsure, timeout, timeProvider))
            {
                result[partition] = offset;
            }
        }
        return result;
    }

    /// <summary>Binary search per partition over [low, high]: high means "no record at or after the time".</summary>
    private static Dictionary<TopicPartition, long> Search(IConsumer<string, byte[]> consumer, IReadOnlyList<Lookup> lookups, TimeSpan timeout, TimeProvider timeProvider)
    {
        var bounds = lookups.ToDictionary(l => l.Partition, l => (Low: l.Low, High: l.High, l.Time));
        while (bounds.Where(b => b.Value.Low < b.Value.High).Select(b => b.Key).ToList() is { Count: > 0 } open)
        {
            var probes = open.ToDictionary(p => p, p => bounds[p].Low + (bounds[p].High - bounds[p].Low) / 2);
            var read = RecordReader.ReadAt(consumer, probes.Select(p => new TopicPartitionOffset(p.Key, p.Value)).ToList(), timeout, timeProvider);
            foreach (var partition in open)
            {
                var (low, high, time) = bounds[partition];
                var probe = probes[partition];
                bounds[partition] = read.GetValueOrDefault(partition) switch
                {
                    // Unreadable in time: keep everything from here on rather than miss records.
                    null => (low, low, time),
                    // Nothing at or after the probe (end of partition): the answer is below it.
                    { Offset: var at } when at >= high => (low, probe, time),
                    { Timestamp: var at } when at >= time => (low, probe, time),
                    // Older: so is everything up to the record read (offsets may skip, e.g. control records).
                    { Offset: var at } => (Math.Max(probe, at) + 1, high, time),
                };
            }
        }
        return bounds.ToDictionary(b => b.Key, b => b.Value.Low);
    }
}
