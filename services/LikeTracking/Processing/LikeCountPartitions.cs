using Confluent.Kafka;
using TweetPlatform.Contracts.Events;
using TweetPlatform.LikeTracking.State;

namespace TweetPlatform.LikeTracking.Processing;

/// <summary>
/// The like ledgers of the partitions this instance owns in the counting group. On assignment each
/// partition is read again from its beginning: messages below the group's committed offset only
/// rebuild the ledger (their counts were published before), later ones publish counts. Kafka is the
/// only store, so a crash at any point loses nothing and counts nothing twice.
/// </summary>
public sealed class LikeCountPartitions(ILogger<LikeCountPartitions> logger)
{
    private static readonly TimeSpan CommittedTimeout = TimeSpan.FromSeconds(10);
    private readonly Dictionary<int, (LikeLedger Ledger, long ReplayUntil)> _owned = [];
    private readonly Lock _gate = new();

    public IEnumerable<TopicPartitionOffset> OnAssigned(IConsumer<string, byte[]> consumer, List<TopicPartition> partitions)
    {
        Dictionary<int, long> replayUntil;
        try
        {
            replayUntil = consumer.Committed(partitions, CommittedTimeout)
                .ToDictionary(c => c.Partition.Value, c => c.Offset == Offset.Unset ? 0 : c.Offset.Value);
        }
        catch (KafkaException ex)
        {
            // Publishing again from the start is safe (counts are absolute and carry their offset), only wasteful.
            logger.LogWarning("Could not read committed offsets ({Reason}); republishing counts from the start", ex.Error.Reason);
            replayUntil = partitions.ToDictionary(p => p.Partition.Value, _ => 0L);
        }
        lock (_gate)
        {
            foreach (var partition in partitions)
            {
                _owned[partition.Partition.Value] = (new LikeLedger(), replayUntil.GetValueOrDefault(partition.Partition.Value));
            }
        }
        logger.LogInformation("Counting likes for partitions {Partitions}", string.Join(",", partitions.Select(p => p.Partition.Value)));
        return partitions.Select(p => new TopicPartitionOffset(p, Offset.Beginning));
    }

    public void OnRevoked(IEnumerable<TopicPartitionOffset> partitions)
    {
        lock (_gate)
        {
            foreach (var partition in partitions)
            {
                _owned.Remove(partition.Partition.Value);
            }
        }
    }

    /// <summary>True while the partition is being rebuilt up to its committed offset.</summary>
    public bool IsReplay(int partition, long offset)
    {
        lock (_gate)
        {
            return _owned.TryGetValue(partition, out var owned) && offset < owned.ReplayUntil;
        }
    }

    /// <summary>Applies a like to its partition's ledger; null when the partition is no longer owned.</summary>
    public LikeOutcome? Apply(int partition, LikeToggled like)
    {
        lock (_gate)
        {
            return _owned.TryGetValue(partition, out var owned) ? owned.Ledger.Apply(like) : null;
        }
    }
}
