using Confluent.Kafka;
using TweetPlatform.Contracts;
using TweetPlatform.Contracts.Events;
using TweetPlatform.EventBus;

namespace TweetPlatform.Analytics.Queries.Catalog;

/// <summary>
/// Reads <see cref="Topics.LiveQueries"/> whole, from its beginning, into the <see cref="LiveQueryCatalog"/> (no group,
/// no commits: every instance knows every query). The catalog is caught up once the end the topic had at the start is read.
/// </summary>
public sealed class LiveQueryCatalogReader(
    [FromKeyedServices(LiveQueryCatalogReader.ConsumerKey)] IConsumer<string, byte[]> consumer,
    DeadLetterPublisher deadLetters,
    EventRegistry registry,
    LiveQueryCatalog catalog,
    TimeProvider time,
    ILogger<LiveQueryCatalogReader> logger)
    : EventConsumerService(consumer, deadLetters, registry, time, logger)
{
    public const string ConsumerKey = "live-queries";

    private readonly Dictionary<int, long> _catchUpTo = [];

    protected override void StartConsuming(IConsumer<string, byte[]> consumer, CancellationToken stoppingToken)
    {
        var assigned = WholeTopicAssignment.Assign(consumer, [Topics.LiveQueries], w => w.Low, logger, stoppingToken);
        foreach (var (partition, watermarks) in assigned.Where(a => a.Watermarks.High > a.Watermarks.Low))
        {
            _catchUpTo[partition.Partition.Value] = watermarks.High.Value;
        }
        MarkIfCaughtUp();
    }

    protected override void Subscribe(EventSubscriptions on) => on.On<LiveQueryChanged>((change, _) => catalog.Apply(change));

    protected override bool ShouldTrace(ConsumeResult<string, byte[]> result) => false;

    protected override void OnReachedEnd(TopicPartitionOffset end) => Advance(end.Partition.Value, end.Offset.Value);

    protected override void OnCompleted(TopicPartitionOffset message) => Advance(message.Partition.Value, message.Offset.Value + 1);

    private void Advance(int partition, long next)
    {
        if (_catchUpTo.TryGetValue(partition, out var end) && next >= end)
        {
            _catchUpTo.Remove(partition);
            MarkIfCaughtUp();
        }
    }

    private void MarkIfCaughtUp()
    {
        if (_catchUpTo.Count == 0)
        {
            catalog.MarkCaughtUp();
        }
    }
}
