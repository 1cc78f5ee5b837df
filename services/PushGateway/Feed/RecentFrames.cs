using TweetPlatform.PushGateway.Sse;

namespace TweetPlatform.PushGateway.Feed;

/// <summary>
/// The last <c>capacity</c> frames in the order this instance sent them, for resuming a client from its
/// Last-Event-ID. Per partition it knows from which offset on it holds every frame: a position at or
/// after that can be resumed exactly; one before it cannot (the client gets a reset and a snapshot).
/// <para>
/// While the history is replayed (until <see cref="EndReplay"/>), partitions are read in chunks, not in the
/// order their records were made; a full buffer then drops the oldest frame by record time, never a
/// partition's newest, so a restarted instance holds what a long-running one would: the newest frames.
/// </para>
/// Not thread-safe: <see cref="LiveFeed"/> holds its lock around every call.
/// </summary>
public sealed class RecentFrames(int capacity)
{
    private readonly SseFrame[] _frames = new SseFrame[capacity];
    private readonly Dictionary<int, long> _completeFrom = [];
    private Dictionary<int, Queue<(long Sequence, SseFrame Frame)>>? _replayed = [];
    private int _replayedCount;
    private long _sequence;
    private int _start;
    private int _count;

    public int Count => _replayed is null ? _count : _replayedCount;

    /// <summary>Reading of partition <paramref name="key"/> starts at <paramref name="offset"/>: frames from there on are held.</summary>
    public void Begin(int key, long offset) => _completeFrom[key] = offset;

    public void Add(SseFrame frame)
    {
        var origin = frame.Origin ?? throw new ArgumentException("Only frames made from a record can be resumed from.", nameof(frame));
        if (_replayed is not null)
        {
            AddReplayed(origin.Key, frame);
            return;
        }
        if (_count == _frames.Length)
        {
            Evicted(_frames[_start].Origin!.Value);
            _frames[_start] = frame;
            _start = (_start + 1) % _frames.Length;
        }
        else
        {
            _frames[(_start + _count++) % _frames.Length] = frame;
        }
    }

    /// <summary>The history is read: from now on frames come in the order they are sent, oldest dropped first.</summary>
    public void EndReplay()
    {
        if (_replayed is null)
        {
            return;
        }
        var queues = _replayed.Values.Where(q => q.Count > 0).ToList();
        _replayed = null;
        // Merged oldest first, each partition in offset order: the order a long-running instance saw them in.
        while (queues.Count > 0)
        {
            var oldest = OldestHead(queues);
            _frames[_count++] = oldest.Dequeue().Frame;
            if (oldest.Count == 0)
            {
                queues.Remove(oldest);
            }
        }
        _replayedCount = 0;
    }

    /// <summary>True when every frame after <paramref name="from"/> up to <paramref name="live"/> is still held.</summary>
    public bool Covers(FeedPosition from, FeedPosition live) =>
        live.Entries.All(entry => from[entry.Key] >= entry.Value || from[entry.Key] >= CompleteFrom(entry.Key));

    /// <summary>The held frames a client at <paramref name="from"/> has not seen, in the order they were sent.</summary>
    public IEnumerable<SseFrame> After(FeedPosition from)
    {
        for (var i = 0; i < _count; i++)
        {
            var frame = _frames[(_start + i) % _frames.Length];
            var origin = frame.Origin!.Value;
            if (origin.Offset >= from[origin.Key])
            {
                yield return frame;
            }
        }
    }

    private void AddReplayed(int key, SseFrame frame)
    {
        if (!_replayed!.TryGetValue(key, out var queue))
        {
            _replayed[key] = queue = new Queue<(long, SseFrame)>();
        }
        queue.Enqueue((_sequence++, frame));
        if (++_replayedCount > _frames.Length)
        {
            var oldest = OldestHead(_replayed.Values.Where(q => q.Count > 0));
            Evicted(oldest.Dequeue().Frame.Origin!.Value);
            _replayedCount--;
        }
    }

    // Partitions are few (tens): a scan of their heads is cheaper than keeping a heap in step.
    // Equal record times keep the order of reading.
    private static Queue<(long Sequence, SseFrame Frame)> OldestHead(IEnumerable<Queue<(long Sequence, SseFrame Frame)>> queues)
    {
        Queue<(long Sequence, SseFrame Frame)>? oldest = null;
        foreach (var queue in queues)
        {
            if (oldest is null || IsOlder(queue.Peek(), oldest.Peek()))
            {
                oldest = queue;
            }
        }
        return oldest!;
    }

    private static bool IsOlder((long Sequence, SseFrame Frame) a, (long Sequence, SseFrame Frame) b) =>
        (a.Frame.Origin!.Value.CreatedAt, a.Sequence).CompareTo((b.Frame.Origin!.Value.CreatedAt, b.Sequence)) < 0;

    private void Evicted(FrameOrigin origin) => _completeFrom[origin.Key] = Math.Max(CompleteFrom(origin.Key), origin.Offset + 1);

    // A partition never begun is held completely only from offset 0 (nothing was dropped yet).
    private long CompleteFrom(int key) => _completeFrom.GetValueOrDefault(key, 0);
}
