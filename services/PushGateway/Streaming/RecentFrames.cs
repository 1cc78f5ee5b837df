namespace TweetPlatform.PushGateway.Streaming;

/// <summary>
/// The last <c>capacity</c> frames in the order this instance sent them, for resuming a client from its
/// Last-Event-ID. Per partition it knows from which offset on it holds every frame: a position at or
/// after that can be resumed exactly; one before it cannot (the client gets a reset and a snapshot).
/// Not thread-safe: <see cref="UpdateStream"/> holds its lock around every call.
/// </summary>
public sealed class RecentFrames(int capacity)
{
    private readonly SseFrame[] _frames = new SseFrame[capacity];
    private readonly Dictionary<int, long> _completeFrom = [];
    private int _start;
    private int _count;

    public int Count => _count;

    /// <summary>Reading of partition <paramref name="key"/> starts at <paramref name="offset"/>: frames from there on are held.</summary>
    public void Begin(int key, long offset) => _completeFrom[key] = offset;

    public void Add(SseFrame frame)
    {
        _ = frame.Origin ?? throw new ArgumentException("Only frames made from a record can be resumed from.", nameof(frame));
        if (_count == _frames.Length)
        {
            var evicted = _frames[_start].Origin!.Value;
            _completeFrom[evicted.Key] = Math.Max(CompleteFrom(evicted.Key), evicted.Offset + 1);
            _frames[_start] = frame;
            _start = (_start + 1) % _frames.Length;
        }
        else
        {
            _frames[(_start + _count++) % _frames.Length] = frame;
        }
    }

    /// <summary>True when every frame after <paramref name="from"/> up to <paramref name="live"/> is still held.</summary>
    public bool Covers(StreamPosition from, StreamPosition live) =>
        live.Entries.All(entry => from[entry.Key] >= entry.Value || from[entry.Key] >= CompleteFrom(entry.Key));

    /// <summary>The held frames a client at <paramref name="from"/> has not seen, in the order they were sent.</summary>
    public IEnumerable<SseFrame> After(StreamPosition from)
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

    // A partition never begun is held completely only from offset 0 (nothing was dropped yet).
    private long CompleteFrom(int key) => _completeFrom.GetValueOrDefault(key, 0);
}
