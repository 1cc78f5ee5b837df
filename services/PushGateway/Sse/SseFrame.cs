using System.Diagnostics;
using System.Text;

namespace TweetPlatform.PushGateway.Sse;

/// <summary>
/// One server-sent event, encoded once and written as the same bytes to every client. Carries the
/// trace context of the Kafka message it came from so each write joins that message's trace.
/// </summary>
public sealed class SseFrame
{
    private readonly int _dataStart;
    private int _writeTraced;

    private SseFrame(string eventType, string id, byte[] bytes, int dataStart, ActivityContext parent, FrameOrigin? origin)
    {
        EventType = eventType;
        Id = id;
        Bytes = bytes;
        _dataStart = dataStart;
        Parent = parent;
        Origin = origin;
    }

    public string EventType { get; }
    public string Id { get; }
    public byte[] Bytes { get; }
    public ActivityContext Parent { get; }

    /// <summary>The Kafka record the frame was made from; null for frames about the stream itself (snapshot, reset).</summary>
    public FrameOrigin? Origin { get; }

    /// <summary>Encodes <c>event:</c>, <c>id:</c> and one <c>data:</c> line per line of the payload.</summary>
    public static SseFrame Create(string eventType, string id, ReadOnlySpan<byte> utf8Data, ActivityContext parent = default, FrameOrigin? origin = null)
    {
        EnsureSingleLine(eventType, nameof(eventType));
        EnsureSingleLine(id, nameof(id));
        var builder = new List<byte>(utf8Data.Length + eventType.Length + id.Length + 32);
        builder.AddRange("event: "u8);
        builder.AddRange(Encoding.UTF8.GetBytes(eventType));
        builder.AddRange("\nid: "u8);
        builder.AddRange(Encoding.UTF8.GetBytes(id));
        builder.Add((byte)'\n');
        var dataStart = builder.Count;
        foreach (var line in Lines(utf8Data))
        {
            builder.AddRange("data: "u8);
            builder.AddRange(line);
            builder.Add((byte)'\n');
        }
        builder.Add((byte)'\n');
        return new SseFrame(eventType, id, [.. builder], dataStart, parent, origin);
    }

    /// <summary>
    /// True for the first caller only: one write of a frame is traced per instance (the first client's), so
    /// thousands of clients do not mean thousands of spans per event; every write is in the metrics.
    /// </summary>
    public bool TryTraceWrite() => Interlocked.Exchange(ref _writeTraced, 1) == 0;

    /// <summary>The same event under another id (the data lines are reused, not encoded again).</summary>
    public SseFrame WithId(string id)
    {
        EnsureSingleLine(id, nameof(id));
        var head = Encoding.UTF8.GetBytes($"event: {EventType}\nid: {id}\n");
        var bytes = new byte[head.Length + Bytes.Length - _dataStart];
        head.CopyTo(bytes, 0);
        Bytes.AsSpan(_dataStart).CopyTo(bytes.AsSpan(head.Length));
        return new SseFrame(EventType, id, bytes, head.Length, Parent, Origin);
    }

    /// <summary>The keep-alive comment (ignored by EventSource, keeps idle connections open) as a frame, to be queued like one; not an event (no id, nothing to trace or count).</summary>
    public static SseFrame KeepAliveComment { get; } = new("", "", ": keep-alive\n\n"u8.ToArray(), 0, default, null);

    public bool IsComment => EventType.Length == 0;

    public static byte[] Retry(int milliseconds) => Encoding.UTF8.GetBytes($"retry: {milliseconds}\n\n");

    private static List<byte[]> Lines(ReadOnlySpan<byte> data)
    {
        var lines = new List<byte[]>();
        while (true)
        {
            var end = data.IndexOfAny((byte)'\n', (byte)'\r');
            if (end < 0)
            {
                lines.Add(data.ToArray());
                return lines;
            }
            lines.Add(data[..end].ToArray());
            var skip = data[end] == (byte)'\r' && end + 1 < data.Length && data[end + 1] == (byte)'\n' ? 2 : 1;
            data = data[(end + skip)..];
        }
    }

    private static void EnsureSingleLine(string value, string name)
    {
        if (value.AsSpan().IndexOfAny('\n', '\r') >= 0)
        {
            throw new ArgumentException("SSE fields cannot contain line breaks.", name);
        }
    }
}
