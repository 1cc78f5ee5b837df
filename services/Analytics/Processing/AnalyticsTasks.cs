using Confluent.Kafka;
using Microsoft.Extensions.Options;
using TweetPlatform.Analytics.Operators;
using TweetPlatform.Analytics.Queries.Catalog;
using TweetPlatform.Contracts;
using TweetPlatform.EventBus;
using TweetPlatform.Kafka;

namespace TweetPlatform.Analytics.Processing;

/// <summary>
/// The tasks of the partitions this instance owns. A task is rebuilt from its changelog partition
/// when assigned, before any input of that partition is processed.
/// </summary>
public sealed class AnalyticsTasks(IOptions<AnalyticsOptions> options, KafkaConnection kafka, LateEventMetric lateEvents, TimeProvider time,
    LiveQueryCatalog queries, ILogger<AnalyticsTasks> logger)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly Dictionary<int, (AnalyticsTask Task, TaskContext Context)> _tasks = [];

    public IEnumerable<AnalyticsTask> All => _tasks.Values.Select(t => t.Task);

    /// <summary>The contexts of the owned tasks: what they forwarded, their held findings.</summary>
    public IEnumerable<TaskContext> Contexts => _tasks.Values.Select(t => t.Context);

    public AnalyticsTask? For(int partition) => _tasks.TryGetValue(partition, out var task) ? task.Task : null;

    public TaskContext? ContextOf(int partition) => _tasks.TryGetValue(partition, out var task) ? task.Context : null;

    public void Assign(IEnumerable<int> partitions)
    {
        // A restored task starts the live queries it runs, which it learns from the catalog.
        if (!queries.CaughtUp.Wait(TimeSpan.FromSeconds(30)))
        {
            logger.LogWarning("The live-query catalog is not caught up after 30 s; tasks start with the queries known so far");
        }
        var config = kafka.ConsumerConfig();
        config.GroupId = "analytics-restore"; // never subscribes or commits
        config.EnableAutoCommit = false;
        config.EnablePartitionEof = true;
        using var restorer = kafka.CreateConsumer<string, byte[]>("analytics-restore", config);
        foreach (var partition in partitions)
        {
            _tasks[partition] = Restore(restorer, partition);
        }
    }

    public void Release(IEnumerable<int> partitions)
    {
        foreach (var partition in partitions)
        {
            _tasks.Remove(partition);
        }
    }

    private (AnalyticsTask, TaskContext) Restore(IConsumer<string, byte[]> restorer, int partition)
    {
        var context = new TaskContext(partition, options.Value.EmitInterval, time);
        var task = new AnalyticsTask(partition, options.Value, lateEvents, context, queries, time);
        var changelog = new TopicPartition(Topics.AnalyticsChangelog, partition);
        var end = restorer.QueryWatermarkOffsets(changelog, Timeout).High.Value;
        var restored = 0;
        if (end > 0)
        {
            restorer.Assign(new TopicPartitionOffset(changelog, Offset.Beginning));
            while (true)
            {
                var record = restorer.Consume(Timeout) ?? throw new TimeoutException($"Restoring {changelog} stalled");
                if (!record.IsPartitionEOF)
                {
                    task.Restore(record.Message.Key, record.Message.Value);
                    restored++;
                }
                if (record.IsPartitionEOF || record.Offset.Value + 1 >= end)
                {
                    break;
                }
            }
            restorer.Unassign();
        }
        logger.LogInformation("Analytics task {Partition} restored from {Records} changelog records", partition, restored);
        return (task, context);
    }
}
