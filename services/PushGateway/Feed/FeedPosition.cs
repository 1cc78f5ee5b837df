using System.Buffers.Text;

namespace TweetPlatform.PushGateway.Feed;

/// <summary>
/// Where a stream stands in every partition it reads: per partition, the next offset to deliver.
/// Partitions have no order among each other, so "exactly after this event" needs the whole vector;
/// it is the SSE event id (<see cref="Encode"/>), which any instance reading the same topics can
/// resume from. Keys are <see cref="Key"/>(topic index, partition).
/// </summary>
public sealed class FeedPosition
{
    /// <summary>Token format version: a changed topic list or encoding gets a new one.</summary>
    private const string Prefix = "1.";

    /// <summary>Longest token accepted: bounds the parse work a hostile Last-Event-ID can cause.</summary>
    public const int MaxTokenLength = 4_096;

    private readonly SortedDictionary<int, long> _next;

    public FeedPosition() => _next = [];

    private FeedPosition(SortedDictionary<int, long> next) => _next = next;

    /// <summary>Partitions per topic a position can name: keys of neighbouring partitions stay one apart (one byte).</summary>
    public const int MaxPartitions = 1_024;

    public static int Key(int topicIndex, int partition)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(topicIndex);
        ArgumentOutOfRangeException.ThrowIfNegative(partition);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(partition, MaxPartitions);
        return topicIndex * MaxPartitions + partition;
    }

    public IEnumerable<KeyValuePair<int, long>> Entries => _next;

    /// <summary>The next offset to deliver in the partition (0 when nothing of it was seen).</summary>
    public long this[int key] => _next.GetValueOrDefault(key);

    /// <summary>Moves the partition's position forward to <paramref name="nextOffset"/> (never back).</summary>
    public void Advance(int key, long nextOffset)
    {
        if (nextOffset > this[key])
        {
            _next[key] = nextOffset;
        }
    }

    public FeedPosition Copy() => new(new SortedDictionary<int, long>(_next));

    /// <summary>The position at or after both: what a client has seen once it had both.</summary>
    public FeedPosition Max(FeedPosition other)
    {
        var max = Copy();
        foreach (var (key, next) in other._next)
        {
            max.Advance(key, next);
        }
        return max;
    }

    /// <summary>"1." then base64url of (key delta, offset) varint pairs for the partitions with an offset above 0.</summary>
    public string Encode()
    {
        Span<byte> bytes = stackalloc byte[_next.Count * 15];
        var length = 0;
        var previousKey = 0;
        foreach (var (key, next) in _next)
        {
            if (next <= 0)
            {
                continue;
            }
            length += WriteVarint(bytes[length..], (ulong)(key - previousKey));
            length += WriteVarint(bytes[length..], (ulong)next);
            previousKey = key;
        }
        return Prefix + Base64Url.EncodeToString(bytes[..length]);
    }

    /// <summary>Reads a token made by <see cref="Encode"/>; false for anything else (a hostile or foreign id).</summary>
    public static bool TryParse(string? token, out FeedPosition position)
    {
        position = new FeedPosition();
        if (token is null || token.Length > MaxTokenLength || !token.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }
        var payload = token.AsSpan(Prefix.Length);
        Span<byte> bytes = stackalloc byte[Base64Url.GetMaxDecodedLength(payload.Length)];
        if (Base64Url.DecodeFromChars(payload, bytes, out var consumed, out var written) != System.Buffers.OperationStatus.Done || consumed != payload.Length)
        {
            return false;
        }
        bytes = bytes[..written];
        var key = 0L;
        while (!bytes.IsEmpty)
        {
            if (!TryReadVarint(ref bytes, out var delta) || !TryReadVarint(ref bytes, out var next)
                || delta > int.MaxValue || next == 0 || next > (ulong)long.MaxValue || (position._next.Count > 0 && delta == 0))
            {
                return false;
            }
            key += (long)delta;
            if (key > int.MaxValue)
            {
                return false;
            }
            position._next[(int)key] = (long)next;
        }
        return true;
    }

    public override string ToString() => string.Join(",", _next.Select(e => $"{e.Key / MaxPartitions}/{e.Key % MaxPartitions}@{e.Value}"));

    private static int WriteVarint(Span<byte> destination, ulong value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        destination[i++] = (byte)value;
        return i;
    }

    private static bool TryReadVarint(ref Span<byte> source, out ulong value)
    {
        value = 0;
        for (var i = 0; i < 10 && i < source.Length; i++)
        {
            value |= (ulong)(source[i] & 0x7F) << (7 * i);
            if ((source[i] & 0x80) == 0)
            {
                source = source[(i + 1)..];
                return true;
            }
        }
        return false;
    }
}
