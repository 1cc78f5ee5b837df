using Confluent.Kafka;
using Microsoft.Extensions.Options;
using TweetPlatform.Contracts;
using TweetPlatform.Contracts.Events;
using TweetPlatform.LikeTracking.State;

namespace TweetPlatform.LikeTracking.Replicas;

/// <summary>
/// The whole like ledger (every partition), so any instance can answer a like request with its real
/// outcome: after producing, a request waits until this replica applied its own event and reads what
/// that event did. Recent outcomes are kept by offset for that purpose.
/// </summary>
public sealed class LikeLedgerReplica(PartitionProgress progress, IOptions<LikeTrackingOptions> options)
{
    private readonly LikeLedger _ledger = new();
    private readonly Dictionary<(int Partition, long Offset), LikeOutcome> _outcomes = [];
    private readonly Queue<(int Partition, long Offset)> _outcomeOrder = new();
    private readonly Lock _gate = new();

    public void Apply(int partition, long offset, LikeToggled like)
    {
        lock (_gate)
        {
            var outcome = _ledger.Apply(like);
            if (_outcomes.TryAdd((partition, offset), outcome))
            {
                _outcomeOrder.Enqueue((partition, offset));
                if (_outcomeOrder.Count > options.Value.RecentOutcomeCapacity)
                {
                    _outcomes.Remove(_outcomeOrder.Dequeue());
                }
            }
        }
    }

    /// <summary>What the likes event at (partition, offset) did; null if not applied within the wait.</summary>
    public async Task<LikeOutcome?> OutcomeOfAsync(int partition, long offset, CancellationToken cancellationToken)
    {
        var applied = await progress.WaitUntilAsync(new TopicPartition(Topics.Likes, partition), offset + 1, options.Value.OutcomeWait, cancellationToken);
        if (!applied)
        {
            return null;
        }
        lock (_gate)
        {
            return _outcomes.GetValueOrDefault((partition, offset));
        }
    }

    public (int Count, bool Liked) Current(string tweetId, string viewerId)
    {
        lock (_gate)
        {
            return (_ledger.CountOf(tweetId), _ledger.HasLiked(tweetId, viewerId));
        }
    }
}
