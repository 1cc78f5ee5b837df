using System.Diagnostics;
using Confluent.Kafka;

namespace TweetPlatform.EmbeddedKafka.Persistence;

/// <summary>What <see cref="JournalRestore.Restore"/> put back.</summary>
public sealed record RestoredData(IReadOnlyDictionary<TopicPartition, long> Ends, long Records, int GroupOffsets, TimeSpan Took);

/// <summary>
/// Puts a data directory back into a fresh mock cluster: its topics, then every partition's records produced
/// again in order with their keys, headers and timestamps (the mock numbers a partition's records from 0, as
/// the journal did, so offsets come out the same), then the groups' committed offsets.
/// </summary>
public static class JournalRestore
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static RestoredData Restore(MockKafkaCluster cluster, KafkaDataDirectory directory)
    {
        var started = Stopwatch.GetTimestamp();
        var existing = cluster.Topics.ToDictionary(t => t.Name, t => t.Partitions);
        var topics = directory.ReadTopics();
        foreach (var (topic, partitions) in topics)
        {
            if (!existing.ContainsKey(topic))
            {
                cluster.CreateTopic(topic, partitions);
                existing[topic] = partitions;
            }
        }

        var ends = new Dictionary<TopicPartition, long>();
        long records = 0;
        using (var producer = new ProducerBuilder<byte[]?, byte[]?>(new ProducerConfig
        {
            BootstrapServers = cluster.BootstrapServers,
            EnableIdempotence = true, // order kept through retries: offsets must come out as journaled
            Acks = Acks.All,
            LingerMs = 5,
            BatchSize = 1_000_000,
            QueueBufferingMaxMessages = 1_000_000,
        }).Build())
        {
            Error? failed = null;
            foreach (var (topic, partitions) in existing)
            {
                for (var p = 0; p < partitions; p++)
                {
                    var partition = new TopicPartition(topic, p);
                    long next = 0;
                    var valid = PartitionLog.Read(directory.RecordsPath(partition), record =>
                    {
                        if (record.Offset != next)
                        {
                            return false; // a gap cannot be reproduced: keep what comes before it
                        }
                        ProduceWhenRoom(producer, partition, record.ToMessage(), report => failed ??= report.Error.IsError ? report.Error : null);
                        next++;
                        return true;
                    });
                    // Drop a record cut short by a kill, or anything after a gap, so appending resumes cleanly.
                    TruncateTo(directory.RecordsPath(partition), valid);
                    ends[partition] = next;
                    records += next;
                }
            }
            producer.Flush(Timeout);
            if (failed is not null)
            {
                throw new EmbeddedKafkaException($"Restoring the records of {directory.Path} failed: {failed.Reason}");
            }
        }

        var groupOffsets = RestoreGroupOffsets(cluster.BootstrapServers, directory, ends);
        return new RestoredData(ends, records, groupOffsets, Stopwatch.GetElapsedTime(started));
    }

    private static void ProduceWhenRoom(IProducer<byte[]?, byte[]?> producer, TopicPartition partition, Message<byte[]?, byte[]?> message,
        Action<DeliveryReport<byte[]?, byte[]?>> delivered)
    {
        while (true)
        {
            try
            {
                producer.Produce(partition, message, delivered);
                return;
            }
            catch (ProduceException<byte[]?, byte[]?> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
            {
                producer.Poll(TimeSpan.FromMilliseconds(100));
            }
        }
    }

    /// <summary>Commits each group's offsets again, never past the records restored (a kill can lose the last ones).</summary>
    private static int RestoreGroupOffsets(string bootstrap, KafkaDataDirectory directory, IReadOnlyDictionary<TopicPartition, long> ends)
    {
        var count = 0;
        foreach (var (group, offsets) in directory.ReadGroupOffsets())
        {
            var commits = offsets.Select(o => (Partition: KafkaDataDirectory.ParsePartitionName(o.Key), Offset: o.Value))
                .Where(o => ends.ContainsKey(o.Partition))
                .Select(o => new TopicPartitionOffset(o.Partition, Math.Min(o.Offset, ends[o.Partition])))
                .ToList();
            if (commits.Count == 0)
            {
                continue;
            }
            using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig
            {
                BootstrapServers = bootstrap,
                GroupId = group,
                EnableAutoCommit = false,
            }).Build();
            consumer.Commit(commits);
            count += commits.Count;
        }
        return count;
    }

    private static void TruncateTo(string path, long length)
    {
        if (File.Exists(path) && new FileInfo(path).Length > length)
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Write);
            file.SetLength(length);
        }
    }
}
