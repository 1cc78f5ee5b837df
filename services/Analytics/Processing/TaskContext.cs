using TweetPlatform.Analytics.Operators;

namespace TweetPlatform.Analytics.Processing;

/// <summary>
/// One task's <see cref="IProcessorContext"/>: its stores, its scheduled punctuators, and the findings it forwarded
/// since the last batch was written. Findings that others supersede are rate limited per topic and key: the latest
/// held one goes out when its interval has passed (released by a punctuator of its own) or when the task's
/// partition is revoked. Dropped with its task when the partition is lost, held findings included: the new owner
/// writes newer ones.
/// </summary>
public sealed class TaskContext : IProcessorContext
{
    private readonly TimeProvider _time;
    // Null: no rate limit (a task used on its own).
    private readonly EmitRateLimiter<(string Topic, string Key), Finding>? _emits;
    private readonly List<Finding> _forwarded = [];
    private readonly List<ScheduledPunctuator> _punctuators = [];

    public TaskContext(int partition, TimeSpan emitInterval, TimeProvider time)
    {
        Partition = partition;
        _time = time;
        if (emitInterval > TimeSpan.Zero)
        {
            _emits = new(emitInterval, time);
            // A tenth of the interval: a held finding waits at most 10% longer than its interval.
            Schedule(emitInterval / 10, _ => _forwarded.AddRange(_emits.DueUpdates().Select(due => due.Value)));
        }
    }

    public int Partition { get; }

    public StateStores Stores { get; } = new();

    public void Forward(Finding finding)
    {
        if (finding.SupersededBy is null || _emits is null || _emits.TryEmit((finding.Topic, finding.SupersededBy), finding))
        {
            _forwarded.Add(finding);
        }
    }

    public IDisposable Schedule(TimeSpan interval, Action<DateTimeOffset> punctuator)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        var scheduled = new ScheduledPunctuator(interval, punctuator, _time.GetUtcNow() + interval, _punctuators);
        _punctuators.Add(scheduled);
        return scheduled;
    }

    /// <summary>Sends findings as they are, past the rate limit (the current ones, after a restore).</summary>
    public void ForwardAll(IEnumerable<Finding> findings) => _forwarded.AddRange(findings);

    /// <summary>Runs every punctuator that is due (the loop's punctuation, on the consume thread).</summary>
    public void Punctuate()
    {
        var now = _time.GetUtcNow();
        // A copy: a punctuator may cancel itself or schedule another.
        foreach (var punctuator in _punctuators.ToList())
        {
            punctuator.RunIfDue(now);
        }
    }

    /// <summary>Every held finding goes out with the next batch (before the partition moves: later, it could overwrite the new owner's).</summary>
    public void ReleaseHeld() => _forwarded.AddRange(_emits?.Flush().Select(held => held.Value) ?? []);

    /// <summary>The findings to write with this batch; each is taken once.</summary>
    public IReadOnlyList<Finding> TakeForwarded()
    {
        var taken = _forwarded.ToList();
        _forwarded.Clear();
        return taken;
    }

    private sealed class ScheduledPunctuator(
        TimeSpan interval, Action<DateTimeOffset> punctuator, DateTimeOffset firstDue, List<ScheduledPunctuator> schedule) : IDisposable
    {
        private DateTimeOffset _due = firstDue;

        public void RunIfDue(DateTimeOffset now)
        {
            if (now + interval < _due)
            {
                _due = now + interval; // the clock went back: not suppressed for however long the jump was
            }
            if (now < _due)
            {
                return;
            }
            punctuator(now);
            var missed = (now - _due).Ticks / interval.Ticks;
            _due += interval * (missed + 1);
        }

        public void Dispose() => schedule.Remove(this);
    }
}
