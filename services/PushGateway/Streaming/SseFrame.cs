using System.Diagnostics;
using System.Text;

namespace TweetPlatform.PushGateway.Streaming;

/// <summary>
/// One server-sent event, encoded once and written as the same bytes to every client. Carries the
/// trace context of the Kafka message it came from so each write joins that message's trace.
/// </summary>
public sealed class SseFrame
{
    private SseFrame(string eventType, string id, byte[] bytes, ActivityContext parent)
    {
        EventType = eventType;
        Id = id;
        Bytes = bytes;
        Parent = parent;
    }

    public string EventType { get; }
    public string Id { get; }
    public byte[] Bytes { get; }
    public ActivityContext Parent { get; }

    /// <summary>Encodes <c>event:</c>, <c>id:</c> and one <c>data:</c> line per line of the payload.</summary>
    public static SseFrame Create(string eventType, string id, ReadOnlySpan<byte> utf8Data, ActivityContext parent = default)
    {
        EnsureSingleLine(eventType, nameof(eventType));
        EnsureSingleLine(id, nameof(id));
        var builder = new List<byte>(utf8Data.Length + eventType.Length + id.Length + 32);
        builder.AddRange("event: "u8);
        builder.AddRange(Encoding.UTF8.GetBytes(eventType));
        builder.AddRange("\nid: "u8);
        builder.AddRange(Encoding.UTF8.GetBytes(id));
        builder.Add((byte)'\n');
        foreach (var line in Lines(utf8Data))
        {
            builder.AddRange("data: "u8);
            builder.AddRange(line);
            builder.Add((byte)'\n');
        }
        builder.Add((byte)'\n');
        return new SseFrame(eventType, id, [.. builder], parent);
    }

    /// <summary>A comment line: ignored by EventSource, keeps idle connections open.</summary>
    public static ReadOnlyMemory<byte> KeepAlive { get; } = ": keep-alive\n\n"u8.ToArray();

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
