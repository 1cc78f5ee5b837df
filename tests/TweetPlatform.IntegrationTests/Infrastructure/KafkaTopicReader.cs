using Confluent.Kafka;

namespace TweetPlatform.IntegrationTests.Infrastructure;

/// <summary>Reads what a topic holds (every partition, up to its end at the time of the call), and a group's committed offsets.</summary>
public static class KafkaTopicReader
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static List<ConsumeResult<string, byte[]>> ReadAll(string bootstrapServers, string topic)
    {
        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = "test-reader-" + Guid.NewGuid(),
            EnableAutoCommit = false,
        }).Build();
        var ends = Partitions(bootstrapServers, topic)
            .ToDictionary(p => p, p => consumer.QueryWatermarkOffsets(p, Timeout).High.Value);
        var remaining = ends.Where(e => e.Value > 0).Select(e => e.Key.Partition.Value).ToHashSet();
        consumer.Assign(ends.Keys.Select(p => new TopicPartitionOffset(p, Offset.Beginning)));
        var messages = new List<ConsumeResult<string, byte[]>>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (remaining.Count > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Could not read {topic} to its end; partitions left: {string.Join(",", remaining)}");
            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result is null)
            {
                continue;
            }
            messages.Add(result);
            if (result.Offset.Value + 1 >= ends[result.TopicPartition])
            {
                remaining.Remove(result.Partition.Value);
            }
        }
        return messages;
    }

    /// <summary>Waits until a consumer group has committed everything that is in the topic now.</summary>
    public static async Task WaitForGroupToCatchUpAsync(string bootstrapServers, string group, string topic, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Uncommitted(bootstrapServers, group, topic) is { Length: > 0 } behind)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Group {group} did not commit {topic} to its end: {behind}");
            await Task.Delay(200);
        }
    }

    /// <summary>The partitions whose records the group has not all committed now ("p3 12/15, ..."); empty when none.</summary>
    public static string Uncommitted(string bootstrapServers, string group, string topic)
    {
        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = group, // only to read its committed offsets; never subscribes, so never joins
            EnableAutoCommit = false,
        }).Build();
        var partitions = Partitions(bootstrapServers, topic);
        var ends = partitions.ToDictionary(p => p, p => consumer.QueryWatermarkOffsets(p, Timeout).High.Value);
        var committed = consumer.Committed(partitions, Timeout).ToDictionary(c => c.TopicPartition, c => c.Offset.Value);
        return string.Join(", ", ends.Where(e => e.Value > 0 && committed.GetValueOrDefault(e.Key, -1) < e.Value)
            .Select(b => $"p{b.Key.Partition.Value} {committed.GetValueOrDefault(b.Key, -1)}/{b.Value}"));
    }

    private static List<TopicPartition> Partitions(string bootstrapServers, string topic)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build();
        var metadata = admin.GetMetadata(topic, Timeout).Topics.Single();
        return metadata.Partitions.Select(p => new TopicPartition(topic, p.PartitionId)).ToList();
    }
}
