using Confluent.Kafka;
using TweetPlatform.Contracts;

namespace TweetPlatform.Benchmark;

/// <summary>How far a consumer group has committed, against where its input topics end.</summary>
public static class GroupProgress
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>A consumer that reads the group's committed offsets; it never subscribes, so it never joins the group.</summary>
    public static IConsumer<string, byte[]> Reader(string bootstrapServers, string group) =>
        new ConsumerBuilder<string, byte[]>(new ConsumerConfig { BootstrapServers = bootstrapServers, GroupId = group }).Build();

    /// <summary>The current end of every partition of a (16-partition) topic.</summary>
    public static Dictionary<TopicPartition, long> Ends(IConsumer<string, byte[]> consumer, string topic) =>
        Enumerable.Range(0, Topics.DefaultPartitions).Select(p => new TopicPartition(topic, p))
            .ToDictionary(p => p, p => consumer.QueryWatermarkOffsets(p, Timeout).High.Value);

    /// <summary>The group's committed offsets; a partition it never committed (nothing in it yet) reads as 0, not Unset.</summary>
    public static Dictionary<TopicPartition, long> Committed(IConsumer<string, byte[]> reader, IEnumerable<TopicPartition> partitions) =>
        reader.Committed(partitions, Timeout).ToDictionary(c => c.TopicPartition, c => Math.Max(0, c.Offset.Value));

    /// <summary>Whether the group has committed up to every one of <paramref name="ends"/>.</summary>
    public static bool HasReached(IConsumer<string, byte[]> reader, IReadOnlyDictionary<TopicPartition, long> ends)
    {
        var committed = Committed(reader, ends.Keys);
        return ends.All(e => committed.GetValueOrDefault(e.Key) >= e.Value);
    }

    /// <summary>How many records of <paramref name="topic"/> the group has not committed yet.</summary>
    public static long Lag(IConsumer<string, byte[]> reader, string topic)
    {
        var ends = Ends(reader, topic);
        var committed = Committed(reader, ends.Keys);
        return ends.Sum(e => Math.Max(0, e.Value - committed.GetValueOrDefault(e.Key)));
    }

    /// <summary>The largest lag of each stage's group seen while <paramref name="work"/> runs (sampled every 500 ms).</summary>
    public static async Task<IReadOnlyList<long>> MaxLagsWhileAsync(string bootstrapServers, IReadOnlyList<(string Group, string Topic)> stages, Task work)
    {
        var readers = stages.Select(s => Reader(bootstrapServers, s.Group)).ToList();
        var max = new long[stages.Count];
        try
        {
            while (!work.IsCompleted)
            {
                await Task.Run(() =>
                {
                    for (var i = 0; i < stages.Count; i++)
                    {
                        max[i] = Math.Max(max[i], Lag(readers[i], stages[i].Topic));
                    }
                });
                await Task.WhenAny(work, Task.Delay(500));
            }
        }
        finally
        {
            readers.ForEach(r => r.Dispose());
        }
        return max;
    }
}
