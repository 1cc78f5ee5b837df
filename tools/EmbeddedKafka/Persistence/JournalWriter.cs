using Confluent.Kafka;

namespace TweetPlatform.EmbeddedKafka.Persistence;

/// <summary>
/// Keeps a data directory in step with a running mock cluster: reads every partition of every topic (new
/// ones included) from where the directory ends and appends the records; hands them to the OS every
/// <see cref="FlushInterval"/>; and snapshots the committed offsets of <see cref="Contracts.ConsumerGroups.All"/>
/// (the mock cannot list groups) every <see cref="OffsetsInterval"/>, never past the records written.
/// A kill -9 of the broker loses at most the records and commits of the last of those intervals.
/// </summary>
public sealed class JournalWriter : IDisposable
{
    public static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan OffsetsInterval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MetadataInterval = TimeSpan.FromSeconds(1);

    private readonly string _bootstrap;
    private readonly KafkaDataDirectory _directory;
    private readonly IReadOnlyList<string> _groups;
    private readonly Dictionary<TopicPartition, PartitionLog> _logs = [];
    private readonly Dictionary<TopicPartition, long> _ends;
    private readonly Dictionary<string, int> _topics;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private Dictionary<string, Dictionary<string, long>> _groupOffsets;
    private Exception? _failure;

    private JournalWriter(string bootstrap, KafkaDataDirectory directory, IReadOnlyDictionary<TopicPartition, long> ends, IReadOnlyList<string> groups)
    {
        _bootstrap = bootstrap;
        _directory = directory;
        _groups = groups;
        _ends = ends.ToDictionary();
        _topics = directory.ReadTopics();
        _groupOffsets = directory.ReadGroupOffsets();
        _thread = new Thread(Run) { IsBackground = true, Name = "embedded-kafka-journal" };
    }

    /// <summary>Starts journaling; <paramref name="ends"/> are where the directory's records end (from <see cref="JournalRestore"/>).</summary>
    public static JournalWriter Start(string bootstrap, KafkaDataDirectory directory, IReadOnlyDictionary<TopicPartition, long> ends,
        IReadOnlyList<string>? groups = null)
    {
        var writer = new JournalWriter(bootstrap, directory, ends, groups ?? Contracts.ConsumerGroups.All);
        writer._thread.Start();
        return writer;
    }

    /// <summary>Why journaling stopped, if it failed (the broker keeps serving; its data is no longer kept).</summary>
    public Exception? Failure => Volatile.Read(ref _failure);

    private void Run()
    {
        try
        {
            using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = _bootstrap }).Build();
            using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig
            {
                BootstrapServers = _bootstrap,
                GroupId = "embedded-kafka-journal", // assigned, never subscribed or committed
                EnableAutoCommit = false,
                FetchWaitMaxMs = 20,
                EnablePartitionEof = false,
            }).Build();
            var offsetReaders = _groups.ToDictionary(g => g, g => new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig
            {
                BootstrapServers = _bootstrap,
                GroupId = g,
                EnableAutoCommit = false,
            }).Build());
            try
            {
                var nextMetadata = DateTime.MinValue;
                var nextFlush = DateTime.UtcNow + FlushInterval;
                var nextOffsets = DateTime.UtcNow + OffsetsInterval;
                while (!_stop.IsCancellationRequested)
                {
                    var now = DateTime.UtcNow;
                    if (now >= nextMetadata)
                    {
                        AssignNewPartitions(admin, consumer);
                        nextMetadata = now + MetadataInterval;
                    }
                    if (consumer.Consume(TimeSpan.FromMilliseconds(20)) is { } result)
                    {
                        Append(result);
                    }
                    if (now >= nextFlush)
                    {
                        Flush();
                        nextFlush = now + FlushInterval;
                    }
                    if (now >= nextOffsets)
                    {
                        SnapshotGroupOffsets(offsetReaders);
                        nextOffsets = now + OffsetsInterval;
                    }
                }
                // Stopping (Ctrl+C, SIGTERM): catch up with every record producers had acknowledged (bounded), then keep it.
                CatchUp(admin, consumer, DateTime.UtcNow + TimeSpan.FromSeconds(3));
                Flush();
                SnapshotGroupOffsets(offsetReaders);
            }
            finally
            {
                foreach (var reader in offsetReaders.Values)
                {
                    reader.Dispose();
                }
                consumer.Close();
            }
        }
        catch (Exception ex)
        {
            Volatile.Write(ref _failure, ex);
        }
    }

    private void AssignNewPartitions(IAdminClient admin, IConsumer<byte[]?, byte[]?> consumer)
    {
        var metadata = admin.GetMetadata(TimeSpan.FromSeconds(5));
        var added = new List<TopicPartitionOffset>();
        foreach (var topic in metadata.Topics.Where(t => !t.Topic.StartsWith("__", StringComparison.Ordinal) && t.Error.Code == ErrorCode.NoError))
        {
            if (_topics.GetValueOrDefault(topic.Topic) < topic.Partitions.Count)
            {
                _topics[topic.Topic] = topic.Partitions.Count;
                _directory.WriteTopics(_topics);
            }
            foreach (var partition in topic.Partitions)
            {
                var tp = new TopicPartition(topic.Topic, partition.PartitionId);
                if (!_logs.ContainsKey(tp))
                {
                    var end = _ends.GetValueOrDefault(tp);
                    _ends[tp] = end;
                    _logs[tp] = PartitionLog.OpenForAppend(_directory.RecordsPath(tp), ValidLength(tp, end));
                    added.Add(new TopicPartitionOffset(tp, end));
                }
            }
        }
        if (added.Count > 0)
        {
            consumer.IncrementalAssign(added);
        }
    }

    private void CatchUp(IAdminClient admin, IConsumer<byte[]?, byte[]?> consumer, DateTime deadline)
    {
        AssignNewPartitions(admin, consumer);
        var highs = _ends.Keys.ToDictionary(p => p, p => consumer.QueryWatermarkOffsets(p, TimeSpan.FromSeconds(2)).High.Value);
        while (DateTime.UtcNow < deadline && highs.Any(h => _ends[h.Key] < h.Value))
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(50)) is { } result)
            {
                Append(result);
            }
        }
    }

    // The restore already cut each file to its whole records; a partition not restored starts empty.
    private long ValidLength(TopicPartition partition, long end) =>
        end == 0 ? 0 : new FileInfo(_directory.RecordsPath(partition)).Length;

    private void Append(ConsumeResult<byte[]?, byte[]?> result)
    {
        _logs[result.TopicPartition].Append(JournalRecord.From(result));
        _ends[result.TopicPartition] = result.Offset.Value + 1;
    }

    private void Flush()
    {
        foreach (var log in _logs.Values.Where(l => l.Dirty))
        {
            log.Flush();
        }
    }

    private void SnapshotGroupOffsets(Dictionary<string, IConsumer<Ignore, Ignore>> readers)
    {
        // Records first: an offset on disk never points past the records on disk.
        Flush();
        var partitions = _ends.Keys.ToList();
        var snapshot = new Dictionary<string, Dictionary<string, long>>();
        foreach (var (group, reader) in readers)
        {
            var committed = new Dictionary<string, long>();
            try
            {
                foreach (var offset in reader.Committed(partitions, TimeSpan.FromSeconds(2)).Where(o => o.Offset.Value >= 0))
                {
                    committed[KafkaDataDirectory.PartitionName(offset.TopicPartition)] = Math.Min(offset.Offset.Value, _ends[offset.TopicPartition]);
                }
            }
            catch (KafkaException)
            {
                committed = _groupOffsets.GetValueOrDefault(group) ?? []; // the coordinator did not answer in time: keep the last known
            }
            if (committed.Count > 0)
            {
                snapshot[group] = committed;
            }
        }
        if (!SameOffsets(snapshot, _groupOffsets))
        {
            _directory.WriteGroupOffsets(snapshot);
            _groupOffsets = snapshot;
        }
    }

    private static bool SameOffsets(Dictionary<string, Dictionary<string, long>> a, Dictionary<string, Dictionary<string, long>> b) =>
        a.Count == b.Count && a.All(g => b.TryGetValue(g.Key, out var other) && g.Value.Count == other.Count
            && g.Value.All(o => other.TryGetValue(o.Key, out var v) && v == o.Value));

    /// <summary>Stops after journaling what the cluster holds now (bounded), then closes the files.</summary>
    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join(TimeSpan.FromSeconds(30));
        foreach (var log in _logs.Values)
        {
            log.Dispose();
        }
        _stop.Dispose();
    }
}
