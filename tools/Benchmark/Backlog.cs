using System.Diagnostics;
using Confluent.Kafka;
using TweetPlatform.Contracts;
using TweetPlatform.LocalRun;

namespace TweetPlatform.Benchmark;

/// <summary>
/// Waits until the services have worked off what earlier measurements produced (the analytics router,
/// the slowest reader of <c>tweets.v1</c>, has committed up to the end), so one measurement's backlog does
/// not become the next one's load.
/// </summary>
public static class Backlog
{
    public static async Task<TimeSpan> WaitUntilWorkedOffAsync(LocalSystem system, TimeSpan limit)
    {
        using var reader = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = system.KafkaBootstrapServers, GroupId = "analytics-router", // read its commits, never join
        }).Build();
        var partitions = Enumerable.Range(0, Topics.DefaultPartitions).Select(p => new TopicPartition(Topics.Tweets, p)).ToList();
        var ends = partitions.ToDictionary(p => p, p => reader.QueryWatermarkOffsets(p, TimeSpan.FromSeconds(10)).High.Value);
        var started = Stopwatch.StartNew();
        while (started.Elapsed < limit)
        {
            // A partition the group never committed (nothing in it yet) reads as Unset (negative): as good as 0.
            var committed = reader.Committed(partitions, TimeSpan.FromSeconds(10)).ToDictionary(c => c.TopicPartition, c => Math.Max(0, c.Offset.Value));
            if (ends.All(e => committed.GetValueOrDefault(e.Key) >= e.Value))
            {
                return started.Elapsed;
            }
            await Task.Delay(500);
        }
        Console.Error.WriteLine($"  the backlog was not worked off within {limit}; measuring anyway");
        return started.Elapsed;
    }
}
