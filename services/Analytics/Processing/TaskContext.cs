using TweetPlatform.Analytics.Operators;

namespace TweetPlatform.Analytics.Processing;

/// <summary>
/// One task's <see cref="IProcessorContext"/>: its stores, and the findings it forwarded since the last batch was
/// written. Findings that others supersede are rate limited per topic and key: the latest held one goes out when
/// its interval has passed (at the loop's punctuation) or when the task's partition is revoked. Dropped with its
/// task when the partition is lost, held findings included: the new owner writes newer ones.
/// </summary>
public sealed class TaskContext(int partition, TimeSpan emitInterval, TimeProvider time) : IProcessorContext
{
    // Zero: no rate limit (a task used on its own).
    private readonly EmitRateLimiter<(string Topic, string Key), Finding>? _emits =
        emitInterval > TimeSpan.Zero ? new(emitInterval, time) : null;
    private readonly List<Finding> _forwarded = [];

    public int Partition { get; } = partition;

    public StateStores Stores { get; } = new();

    public void Forward(Finding finding)
    {
        if (finding.SupersededBy is null || _emits is null || _emits.TryEmit((finding.Topic, finding.SupersededBy), finding))
        {
            _forwarded.Add(finding);
        }
    }

    /// <summary>Sends findings as they are, past the rate limit (the current ones, after a restore).</summary>
    public void ForwardAll(IEnumerable<Finding> findings) => _forwarded.AddRange(findings);

    /// <summary>Held findings whose interval has passed go out with the next batch.</summary>
    public void Punctuate() => _forwarded.AddRange(_emits?.DueUpdates().Select(due => due.Value) ?? []);

    /// <summary>Every held finding goes out with the next batch (before the partition moves: later, it could overwrite the new owner's).</summary>
    public void ReleaseHeld() => _forwarded.AddRange(_emits?.Flush().Select(held => held.Value) ?? []);

    /// <summary>The findings to write with this batch; each is taken once.</summary>
    public IReadOnlyList<Finding> TakeForwarded()
    {
        var taken = _forwarded.ToList();
        _forwarded.Clear();
        return taken;
    }
}
