using Confluent.Kafka;

namespace TweetPlatform.LikeTracking.Replicas;

/// <summary>
/// How far a replica has applied each partition (the next offset it will apply), and waiting until it
/// has applied a given offset: the read-your-writes step of the like API.
/// </summary>
public sealed class PartitionProgress
{
    private readonly Dictionary<TopicPartition, long> _next = [];
    private readonly List<(TopicPartition Partition, long Target, TaskCompletionSource Done)> _waiters = [];
    private readonly Lock _gate = new();

    /// <summary>Records that everything before <paramref name="nextOffset"/> has been applied.</summary>
    public void Advance(TopicPartition partition, long nextOffset)
    {
        List<TaskCompletionSource>? done = null;
        lock (_gate)
        {
            if (_next.TryGetValue(partition, out var current) && current >= nextOffset)
            {
                return;
            }
            _next[partition] = nextOffset;
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                var waiter = _waiters[i];
                if (waiter.Partition == partition && waiter.Target <= nextOffset)
                {
                    (done ??= []).Add(waiter.Done);
                    _waiters.RemoveAt(i);
                }
            }
        }
        done?.ForEach(d => d.TrySetResult());
    }

    /// <summary>Completes once every offset below <paramref name="target"/> has been applied; false on timeout.</summary>
    public async Task<bool> WaitUntilAsync(TopicPartition partition, long target, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (target <= 0 || (_next.TryGetValue(partition, out var next) && next >= target))
            {
                return true;
            }
            _waiters.Add((partition, target, waiter));
        }
        try
        {
            await waiter.Task.WaitAsync(timeout, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            Forget(waiter);
            return false;
        }
        catch (OperationCanceledException)
        {
            Forget(waiter);
            throw;
        }
    }

    private void Forget(TaskCompletionSource waiter)
    {
        lock (_gate)
        {
            _waiters.RemoveAll(w => w.Done == waiter);
        }
    }
}
