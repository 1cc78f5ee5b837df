using Confluent.Kafka;
using TweetPlatform.Contracts.Events;
using TweetPlatform.LikeTracking.State;
using TweetPlatform.EventBus;

namespace TweetPlatform.LikeTracking.Processing;

/// <summary>
/// The like ledgers of the partitions this instance owns in the counting group. On assignment each
/// partition is read again from its beginning: messages below the group's committed offset only
/// rebuild the ledger (their counts were published before), later ones publish counts. Kafka is the
/// only store, so a crash at any point loses nothing and counts nothing twice.
/// </summary>
public sealed class LikeCountPartitions(ILogger<LikeCountPartitions> logger, TimeProvider time) : IPartitionListener<string, byte[]>
{
    private static readonly TimeSpan CommittedTimeout = TimeSpan.FromSeconds(10);
    private readonly Polly.ResiliencePipeline _committedRetry = KafkaRetry.OnKafkaErrors(time, logger, "Reading committed offsets", maxAttempts: 3);
    private readonly Dictionary<int, OwnedPartition> _owned = [];
    private readonly Lock _gate = new();

    public IEnumerable<TopicPartitionOffset> OnAssigned(IConsumer<string, byte[]> consumer, IReadOnlyList<TopicPartition> partitions)
    {
        var replayUntil = CommittedOffsets(consumer, partitions);
        foreach (var partition in partitions)
        {
            Own(partition.Partition.Value, replayUntil.GetValueOrDefault(partition.Partition.Value));
        }
        logger.LogInformation("Counting likes for partitions {Partitions}", string.Join(",", partitions.Select(p => p.Partition.Value)));
        return partitions.Select(p => new TopicPartitionOffset(p, Offset.Beginning));
    }

    /// <summary>Takes a partition over with an empty ledger; offsets below <paramref name="replayUntil"/> only rebuild it.</summary>
    internal void Own(int partition, long replayUntil)
    {
        lock (_gate)
        {
            _owned[partition] = new OwnedPartition(replayUntil);
        }
    }

    private Dictionary<int, long> CommittedOffsets(IConsumer<string, byte[]> consumer, IReadOnlyList<TopicPartition> partitions)
    {
        try
        {
            return _committedRetry.Execute(() => consumer.Committed(partitions, CommittedTimeout)
                .ToDictionary(c => c.Partition.Value, c => c.Offset == Offset.Unset ? 0 : c.Offset.Value));
        }
        catch (KafkaException ex)
        {
            // Publishing again from the start is safe (counts are absolute and carry their offset), only wasteful.
            logger.LogWarning("Could not read committed offsets ({Reason}); republishing counts from the start", ex.Error.Reason);
            return partitions.ToDictionary(p => p.Partition.Value, _ => 0L);
        }
    }

    public void OnRevoked(IReadOnlyList<TopicPartitionOffset> partitions)
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

    /// <summary>
    /// Applies the like at <paramref name="offset"/> to its partition's ledger; null when the partition
    /// is no longer owned. Applying the same offset again (a retried message) returns the first
    /// outcome instead of applying twice, so a count whose publishing failed is published on the retry.
    /// </summary>
    public LikeOutcome? Apply(int partition, long offset, LikeToggled like)
    {
        lock (_gate)
        {
            if (!_owned.TryGetValue(partition, out var owned))
            {
                return null;
            }
            if (owned.LastOffset == offset && owned.LastOutcome is { } earlier)
            {
                return earlier;
            }
            owned.LastOutcome = owned.Ledger.Apply(like);
            owned.LastOffset = offset;
            return owned.LastOutcome;
        }
    }

    private sealed class OwnedPartition(long replayUntil)
    {
        public LikeLedger Ledger { get; } = new();
        public long ReplayUntil { get; } = replayUntil;
        public long LastOffset { get; set; } = -1;
        public LikeOutcome? LastOutcome { get; set; }
    }
}
