using Confluent.Kafka;
using TweetPlatform.EmbeddedKafka;
using TweetPlatform.PushGateway.Consuming;
using TweetPlatform.PushGateway.Feed;
using TweetPlatform.PushGateway.Projection;
using TweetPlatform.PushGateway.Sse;

namespace TweetPlatform.IntegrationTests.PushGateway;

/// <summary>
/// Finding where to start reading by time on the embedded broker, whose timestamp lookup answers "end" for
/// everything: a restarted push-gateway must still replay the like counts and findings a snapshot needs.
/// </summary>
public sealed class OffsetsByTimeTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_first_offset_at_or_after_a_time_is_found_per_partition_where_the_broker_has_no_timestamp_lookup()
    {
        using var cluster = MockKafkaCluster.Start(new MockKafkaClusterOptions { Topics = [] });
        cluster.CreateTopic("by-time", 4);
        using (var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = cluster.BootstrapServers }).Build())
        {
            // Partition 0: 1,000 records a second apart; 1: empty; 2: ten, all old; 3: ten, all new.
            for (var i = 0; i < 1_000; i++)
            {
                Produce(producer, 0, Start.AddSeconds(i));
            }
            for (var i = 0; i < 10; i++)
            {
                Produce(producer, 2, Start.AddDays(-1).AddSeconds(i));
                Produce(producer, 3, Start.AddDays(1).AddSeconds(i));
            }
            producer.Flush(Timeout);
        }
        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = cluster.BootstrapServers, GroupId = "unused", EnablePartitionEof = true, EnableAutoCommit = false, FetchWaitMaxMs = 20,
        }).Build();
        var partitions = Enumerable.Range(0, 4).Select(p => new TopicPartition("by-time", p)).ToList();
        var ends = partitions.ToDictionary(p => p, p => consumer.QueryWatermarkOffsets(p, Timeout).High.Value);

        // Why this exists: the embedded broker's lookup says "end" even where records are newer.
        var lookedUp = consumer.OffsetsForTimes([new TopicPartitionTimestamp(partitions[0], new Timestamp(Start.AddSeconds(500)))], Timeout);
        Assert.True(lookedUp[0].Offset.Value < 0, $"The broker answered {lookedUp[0].Offset}: it has the lookup now, and this test no longer covers the search.");

        var time = Start.AddSeconds(420.5);
        var found = OffsetsByTime.Find(consumer, partitions.Select(p => new OffsetsByTime.Lookup(p, 0, ends[p], time)).ToList(), Timeout, TimeProvider.System);

        Assert.Equal(421, found[partitions[0]]);
        Assert.Equal(0, found[partitions[1]]);
        Assert.Equal(10, found[partitions[2]]); // all older: nothing to replay
        Assert.Equal(0, found[partitions[3]]); // all newer: everything

        var exact = OffsetsByTime.Find(consumer, [new OffsetsByTime.Lookup(partitions[0], 0, ends[partitions[0]], Start.AddSeconds(999))], Timeout, TimeProvider.System);
        Assert.Equal(999, exact[partitions[0]]);
        var before = OffsetsByTime.Find(consumer, [new OffsetsByTime.Lookup(partitions[0], 0, ends[partitions[0]], Start.AddYears(-1))], Timeout, TimeProvider.System);
        Assert.Equal(0, before[partitions[0]]);
        var after = OffsetsByTime.Find(consumer, [new OffsetsByTime.Lookup(partitions[0], 0, ends[partitions[0]], Start.AddYears(1))], Timeout, TimeProvider.System);
        Assert.Equal(1_000, after[partitions[0]]);
    }

    private static void Produce(IProducer<string, byte[]> producer, int partition, DateTimeOffset at) =>
        producer.Produce(new TopicPartition("by-time", partition), new Message<string, byte[]> { Key = "k", Value = [1], Timestamp = new Timestamp(at) });
}
