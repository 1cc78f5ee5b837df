using Confluent.Kafka;

namespace TweetPlatform.EmbeddedKafka.Persistence;

/// <summary>One record as the embedded broker's journal keeps it: everything a consumer can see of it.</summary>
public sealed record JournalRecord(long Offset, Timestamp Timestamp, byte[]? Key, byte[]? Value, IReadOnlyList<JournalHeader> Headers)
{
    public static JournalRecord From(ConsumeResult<byte[]?, byte[]?> result) => new(
        result.Offset.Value,
        result.Message.Timestamp,
        result.Message.Key,
        result.Message.Value,
        result.Message.Headers is { Count: > 0 } headers ? [.. headers.Select(h => new JournalHeader(h.Key, h.GetValueBytes()))] : []);

    public Message<byte[]?, byte[]?> ToMessage()
    {
        var headers = new Headers();
        foreach (var header in Headers)
        {
            headers.Add(header.Name, header.Value);
        }
        return new Message<byte[]?, byte[]?> { Key = Key, Value = Value, Timestamp = Timestamp, Headers = headers };
    }

    /// <summary>Length-prefixed, so a write cut short by a kill is recognised (and dropped) on reading.</summary>
    public void WriteTo(BinaryWriter writer)
    {
        using var body = new MemoryStream();
        using (var w = new BinaryWriter(body, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Offset);
            w.Write(Timestamp.UnixTimestampMs);
            w.Write((byte)Timestamp.Type);
            WriteBytes(w, Key);
            WriteBytes(w, Value);
            w.Write(Headers.Count);
            foreach (var header in Headers)
            {
                w.Write(header.Name);
                WriteBytes(w, header.Value);
            }
        }
        writer.Write((int)body.Length);
        writer.Write(body.GetBuffer(), 0, (int)body.Length);
    }

    /// <summary>The next record, or null at the end or at a record cut short.</summary>
    public static JournalRecord? ReadFrom(BinaryReader reader)
    {
        var stream = reader.BaseStream;
        if (stream.Length - stream.Position < sizeof(int))
        {
            return null;
        }
        var length = reader.ReadInt32();
        if (length < 0 || stream.Length - stream.Position < length)
        {
            return null;
        }
        using var body = new BinaryReader(new MemoryStream(reader.ReadBytes(length)));
        try
        {
            var offset = body.ReadInt64();
            var timestamp = new Timestamp(body.ReadInt64(), (TimestampType)body.ReadByte());
            var key = ReadBytes(body);
            var value = ReadBytes(body);
            var headers = new JournalHeader[body.ReadInt32()];
            for (var i = 0; i < headers.Length; i++)
            {
                headers[i] = new JournalHeader(body.ReadString(), ReadBytes(body));
            }
            return new JournalRecord(offset, timestamp, key, value, headers);
        }
        catch (EndOfStreamException)
        {
            return null;
        }
    }

    private static void WriteBytes(BinaryWriter writer, byte[]? bytes)
    {
        writer.Write(bytes?.Length ?? -1);
        if (bytes is not null)
        {
            writer.Write(bytes);
        }
    }

    private static byte[]? ReadBytes(BinaryReader reader)
    {
        var length = reader.ReadInt32();
        return length < 0 ? null : reader.ReadBytes(length);
    }
}

public sealed record JournalHeader(string Name, byte[]? Value);
