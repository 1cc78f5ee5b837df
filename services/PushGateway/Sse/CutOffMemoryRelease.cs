namespace TweetPlatform.PushGateway.Sse;

/// <summary>
/// Gives the memory of many clients cut off at once back to the system. Their buffers become garbage the
/// runtime would keep committed until the next full collection, which an instance that has gone quiet may
/// never run. Once cut-offs have stopped for a second and at least <see cref="PushGatewayOptions.ReleaseMemoryAfterCutOffs"/>
/// happened, one full compacting collection that decommits what is free runs (a pause of tens of
/// milliseconds, at most once a minute).
/// </summary>
public sealed class CutOffMemoryRelease : IDisposable
{
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MinimumInterval = TimeSpan.FromMinutes(1);

    private readonly int _threshold;
    private readonly TimeProvider _time;
    private readonly Action _release;
    private readonly ILogger<CutOffMemoryRelease> _logger;
    private readonly ITimer _timer;
    private readonly Lock _gate = new();
    private int _pending;
    private long? _lastRelease;

    public CutOffMemoryRelease(Microsoft.Extensions.Options.IOptions<PushGatewayOptions> options, TimeProvider time, ILogger<CutOffMemoryRelease> logger)
        : this(options.Value.ReleaseMemoryAfterCutOffs, time, logger, ReleaseFreeMemory)
    {
    }

    internal CutOffMemoryRelease(int threshold, TimeProvider time, ILogger<CutOffMemoryRelease> logger, Action release)
    {
        _threshold = threshold;
        _time = time;
        _logger = logger;
        _release = release;
        _timer = time.CreateTimer(_ => OnQuiet(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Called for every client cut off for not keeping up.</summary>
    public void CutOff()
    {
        if (_threshold == 0)
        {
            return;
        }
        lock (_gate)
        {
            _pending++;
            _timer.Change(Quiet, Timeout.InfiniteTimeSpan);
        }
    }

    private void OnQuiet()
    {
        int released;
        lock (_gate)
        {
            if (_pending < _threshold)
            {
                _pending = 0;
                return;
            }
            if (_lastRelease is { } last && _time.GetElapsedTime(last) < MinimumInterval)
            {
                // Too soon after the last one: try again when the interval is over (the count is kept).
                _timer.Change(MinimumInterval - _time.GetElapsedTime(last), Timeout.InfiniteTimeSpan);
                return;
            }
            released = _pending;
            _pending = 0;
            _lastRelease = _time.GetTimestamp();
        }
        var before = Environment.WorkingSet;
        _release();
        _logger.LogInformation("Released the memory of {Clients} clients cut off: working set {Before} -> {After} MB",
            released, before / 1_000_000, Environment.WorkingSet / 1_000_000);
    }

    private static void ReleaseFreeMemory() =>
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);

    public void Dispose() => _timer.Dispose();
}
