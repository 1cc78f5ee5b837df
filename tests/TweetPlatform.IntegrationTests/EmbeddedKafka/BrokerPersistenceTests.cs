using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using TweetPlatform.Contracts;
using TweetPlatform.EmbeddedKafka;
using TweetPlatform.EmbeddedKafka.Persistence;
using TweetPlatform.Hosting;
using Xunit.Abstractions;

namespace TweetPlatform.IntegrationTests.EmbeddedKafka;

/// <summary>
/// The embedded broker's data directory: records (keys, headers, timestamps, offsets), topics and committed
/// offsets come back after a clean stop, a kill -9 loses at most the last second, and start-empty empties it.
/// </summary>
public sealed class BrokerPersistenceTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "tweetplatform-tests", "kafka-data-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dataDir))
        {
            Directory.Delete(_dataDir, recursive: true);
        }
    }

    [Fact]
    public void Records_topics_and_committed_offsets_come_back_after_a_stop_and_100k_records_restore_in_seconds()
    {
        const int records = 100_000;
        var produced = new List<(TopicPartition Partition, long Offset, Message<byte[]?, byte[]?> Message)>();
        var partitions = Enumerable.Range(0, Topics.DefaultPartitions).Select(p => new TopicPartition(Topics.Tweets, p)).ToList();
        using (var data = KafkaDataDirectory.Open(_dataDir, startEmpty: false))
        using (var cluster = MockKafkaCluster.Start())
        {
            var restored = JournalRestore.Restore(cluster, data);
            Assert.Equal(0, restored.Records);
            using var journal = JournalWriter.Start(cluster.BootstrapServers, data, restored.Ends);
            using (var producer = new ProducerBuilder<byte[]?, byte[]?>(new ProducerConfig { BootstrapServers = cluster.BootstrapServers, EnableIdempotence = true, LingerMs = 5 }).Build())
            {
                var created = DateTimeOffset.UtcNow.AddDays(-3);
                for (var i = 0; i < records; i++)
                {
                    var message = new Message<byte[]?, byte[]?>
                    {
                        Key = i % 97 == 0 ? null : Encoding.UTF8.GetBytes($"key-{i}"),
                        Value = i % 89 == 0 ? null : Encoding.UTF8.GetBytes($"{{\"n\":{i},\"text\":\"{new string('x', i % 300)}\"}}"),
                        Timestamp = new Timestamp(created.AddMilliseconds(i)),
                        Headers = new Headers { { "traceparent", Encoding.UTF8.GetBytes($"00-{i:x32}-{i:x16}-01") }, { "empty", null } },
                    };
                    var partition = partitions[i % partitions.Count];
                    Produce(producer, partition, message, report => { lock (produced) { produced.Add((partition, report.Offset.Value, message)); } });
                }
                producer.Flush(Timeout);
            }
            // An auto-created topic (4 partitions on the mock) is kept too.
            using (var producer = new ProducerBuilder<byte[]?, byte[]?>(new ProducerConfig { BootstrapServers = cluster.BootstrapServers }).Build())
            {
                Produce(producer, new TopicPartition("made-later.v1", 0), new Message<byte[]?, byte[]?> { Value = "later"u8.ToArray() }, _ => { });
                producer.Flush(Timeout);
            }
            Commit(cluster.BootstrapServers, ConsumerGroups.LikeTracking, [new TopicPartitionOffset(partitions[0], 1_234), new TopicPartitionOffset(partitions[5], 42)]);
            Commit(cluster.BootstrapServers, ConsumerGroups.Analytics, [new TopicPartitionOffset(partitions[1], 7)]);
            WaitFor(() => File.Exists(Path.Combine(_dataDir, "groups.json")) && File.ReadAllText(Path.Combine(_dataDir, "groups.json")).Contains("1234"), "the committed offsets to be saved");
            WaitFor(() => new FileInfo(data.RecordsPath(new TopicPartition("made-later.v1", 0))) is { Exists: true, Length: > 0 }, "the new topic's record to be journaled");
        }

        using (var data = KafkaDataDirectory.Open(_dataDir, startEmpty: false))
        using (var cluster = MockKafkaCluster.Start())
        {
            var restored = JournalRestore.Restore(cluster, data);
            output.WriteLine($"Restored {restored.Records} records and {restored.GroupOffsets} committed offsets in {restored.Took.TotalMilliseconds:F0} ms");
            Assert.Equal(records + 1, restored.Records);
            Assert.True(restored.Took < TimeSpan.FromSeconds(20), $"Restoring {records} records took {restored.Took}.");

            var back = ReadAll(cluster.BootstrapServers, partitions, records);
            foreach (var (partition, offset, message) in produced)
            {
                var record = back[(partition, offset)];
                Assert.Equal(message.Key, record.Message.Key);
                Assert.Equal(message.Value, record.Message.Value);
                Assert.Equal(message.Timestamp.UnixTimestampMs, record.Message.Timestamp.UnixTimestampMs);
                Assert.Equal(message.Headers.Select(h => (h.Key, h.GetValueBytes())), record.Message.Headers.Select(h => (h.Key, h.GetValueBytes())));
            }
            Assert.Contains(cluster.Topics, t => t.Name == "made-later.v1");
            Assert.Equal([1_234L, 42L], Committed(cluster.BootstrapServers, ConsumerGroups.LikeTracking, [partitions[0], partitions[5]]));
            Assert.Equal([7L], Committed(cluster.BootstrapServers, ConsumerGroups.Analytics, [partitions[1]]));
        }

        using (var data = KafkaDataDirectory.Open(_dataDir, startEmpty: true))
        using (var cluster = MockKafkaCluster.Start())
        {
            Assert.Equal(0, JournalRestore.Restore(cluster, data).Records);
        }
    }

    [Fact]
    public void A_second_broker_on_the_same_data_directory_is_refused()
    {
        using var first = KafkaDataDirectory.Open(_dataDir, startEmpty: false);
        var refused = Assert.Throws<IOException>(() => KafkaDataDirectory.Open(_dataDir, startEmpty: false));
        Assert.Contains("in use by another embedded broker", refused.Message);
    }

    [Fact]
    public async Task A_kill_9_of_the_broker_process_loses_at_most_the_last_second_of_acknowledged_records()
    {
        var acked = new ConcurrentDictionary<(int Partition, long Offset), (string Value, long AckedAt)>();
        var bootstrapFile = Path.Combine(_dataDir, "..", Guid.NewGuid().ToString("N") + ".bootstrap");
        long killedAt;
        await using (var broker = await StartBrokerAsync(bootstrapFile))
        {
            using var producer = new ProducerBuilder<byte[]?, byte[]?>(new ProducerConfig
            {
                BootstrapServers = File.ReadAllText(bootstrapFile).Trim(), EnableIdempotence = true, LingerMs = 2, MessageTimeoutMs = 5_000,
            }).Build();
            var running = Stopwatch.StartNew();
            var n = 0;
            while (running.Elapsed < TimeSpan.FromSeconds(3))
            {
                var value = $"v{n++}";
                producer.Produce(new TopicPartition(Topics.Likes, n % Topics.DefaultPartitions), new Message<byte[]?, byte[]?> { Key = Encoding.UTF8.GetBytes(value), Value = Encoding.UTF8.GetBytes(value) }, report =>
                {
                    if (!report.Error.IsError)
                    {
                        acked[(report.Partition.Value, report.Offset.Value)] = (value, Stopwatch.GetTimestamp());
                    }
                });
                if (n % 20 == 0)
                {
                    producer.Poll(TimeSpan.FromMilliseconds(1));
                }
            }
            producer.Flush(TimeSpan.FromSeconds(5));
            killedAt = Stopwatch.GetTimestamp();
            await broker.KillAsync();
        }

        await using (var broker = await StartBrokerAsync(bootstrapFile))
        {
            var bootstrap = File.ReadAllText(bootstrapFile).Trim();
            var partitions = Enumerable.Range(0, Topics.DefaultPartitions).Select(p => new TopicPartition(Topics.Likes, p)).ToList();
            var restored = ReadAll(bootstrap, partitions, expected: null);
            var wrong = restored.Where(r => !acked.TryGetValue((r.Key.Partition.Partition.Value, r.Key.Offset), out var a) || a.Value != Encoding.UTF8.GetString(r.Value.Message.Value!)).ToList();
            Assert.True(wrong.Count == 0, $"{wrong.Count} restored records differ from what was acknowledged at their offset.");
            var lost = acked.Where(a => !restored.ContainsKey((new TopicPartition(Topics.Likes, a.Key.Partition), a.Key.Offset))).ToList();
            var lostOlderThanASecond = lost.Count(l => Stopwatch.GetElapsedTime(l.Value.AckedAt, killedAt) > TimeSpan.FromSeconds(1));
            output.WriteLine($"{acked.Count} records acknowledged in 3 s; after kill -9 and restart {restored.Count} are back, {lost.Count} lost "
                + $"({lostOlderThanASecond} acknowledged more than 1 s before the kill)");
            Assert.True(restored.Count > 0, "Nothing was restored.");
            Assert.Equal(0, lostOlderThanASecond);
        }
    }

    private async Task<ChildProcess> StartBrokerAsync(string bootstrapFile)
    {
        File.Delete(bootstrapFile); // a killed broker leaves its file behind
        var lines = new ConcurrentQueue<string>();
        var broker = ChildProcess.StartDotnet("kafka-broker", RepositoryLayout.ProjectDll("TweetPlatform.DevKafka"),
            ["--bootstrap-file", bootstrapFile, "--data-dir", _dataDir], new Dictionary<string, string>(), lines.Enqueue);
        var deadline = DateTime.UtcNow + Timeout;
        while (!File.Exists(bootstrapFile))
        {
            if (broker.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"The broker did not start: {string.Join('\n', lines)}");
            }
            await Task.Delay(50);
        }
        return broker;
    }

    private static void Produce(IProducer<byte[]?, byte[]?> producer, TopicPartition partition, Message<byte[]?, byte[]?> message, Action<DeliveryReport<byte[]?, byte[]?>> delivered)
    {
        while (true)
        {
            try
            {
                producer.Produce(partition, message, report =>
                {
                    Assert.False(report.Error.IsError, report.Error.Reason);
                    delivered(report);
                });
                return;
            }
            catch (ProduceException<byte[]?, byte[]?> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
            {
                producer.Poll(TimeSpan.FromMilliseconds(50));
            }
        }
    }

    private static void Commit(string bootstrap, string group, IEnumerable<TopicPartitionOffset> offsets)
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = group, EnableAutoCommit = false }).Build();
        consumer.Commit(offsets);
    }

    private static List<long> Committed(string bootstrap, string group, IEnumerable<TopicPartition> partitions)
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = group, EnableAutoCommit = false }).Build();
        return [.. consumer.Committed(partitions, Timeout).Select(o => o.Offset.Value)];
    }

    /// <summary>Every record of the partitions, read to their high watermarks.</summary>
    private static Dictionary<(TopicPartition Partition, long Offset), ConsumeResult<byte[]?, byte[]?>> ReadAll(string bootstrap, IReadOnlyList<TopicPartition> partitions, int? expected)
    {
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = "persistence-check", EnableAutoCommit = false }).Build();
        var ends = partitions.ToDictionary(p => p, p => consumer.QueryWatermarkOffsets(p, Timeout).High.Value);
        if (expected is { } total)
        {
            Assert.Equal(total, ends.Values.Sum());
        }
        consumer.Assign(partitions.Select(p => new TopicPartitionOffset(p, 0)));
        var result = new Dictionary<(TopicPartition, long), ConsumeResult<byte[]?, byte[]?>>();
        var deadline = DateTime.UtcNow + Timeout;
        while (result.Count < ends.Values.Sum())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Read {result.Count} of {ends.Values.Sum()} records in {Timeout}.");
            if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { } record)
            {
                result[(record.TopicPartition, record.Offset.Value)] = record;
            }
        }
        return result;
    }

    private static void WaitFor(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}.");
            Thread.Sleep(20);
        }
    }
}
