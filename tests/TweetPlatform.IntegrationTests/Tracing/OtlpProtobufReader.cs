using System.Buffers.Binary;
using System.Text;

namespace TweetPlatform.IntegrationTests.Tracing;

/// <summary>Protobuf wire types (https://protobuf.dev/programming-guides/encoding/#structure).</summary>
internal enum ProtoWireType
{
    Varint = 0,
    Fixed64 = 1,
    LengthDelimited = 2,
    StartGroup = 3,
    EndGroup = 4,
    Fixed32 = 5,
}

/// <summary>
/// Minimal forward-only protobuf wire-format reader over one message's bytes. No OTLP proto package
/// is available to the tests, and the handful of messages we need only use varints, length-delimited
/// fields and fixed-width numbers. Every read is bounds-checked: malformed or truncated input throws
/// <see cref="FormatException"/> (never an index exception), so the collector can answer 400.
/// </summary>
internal ref struct OtlpProtobufReader
{
    // Groups are obsolete and never emitted by OTLP, but skipping them keeps unknown-field handling
    // correct; the cap stops hostile nesting from overflowing the stack.
    private const int MaxGroupDepth = 64;

    // Protobuf strings must be valid UTF-8; throwing lets us report bad input instead of storing U+FFFD.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ReadOnlySpan<byte> _buffer;
    private int _position;

    public OtlpProtobufReader(ReadOnlySpan<byte> buffer)
    {
        _buffer = buffer;
        _position = 0;
    }

    public readonly bool IsAtEnd => _position >= _buffer.Length;

    public readonly int Position => _position;

    /// <summary>Reads the next field tag; returns false at the end of the message.</summary>
    public bool TryReadTag(out int fieldNumber, out ProtoWireType wireType)
    {
        if (IsAtEnd)
        {
            fieldNumber = 0;
            wireType = default;
            return false;
        }

        int tagStart = _position;
        ulong tag = ReadVarint();
        // Field numbers are at most 2^29-1, so a valid tag always fits in 32 bits.
        if (tag > uint.MaxValue)
        {
            throw Malformed($"tag 0x{tag:x} is out of range", tagStart);
        }

        int wire = (int)(tag & 0x7);
        fieldNumber = (int)(tag >> 3);
        if (fieldNumber == 0)
        {
            throw Malformed("field number 0 is not allowed", tagStart);
        }

        if (wire > (int)ProtoWireType.Fixed32)
        {
            throw Malformed($"invalid wire type {wire} for field {fieldNumber}", tagStart);
        }

        wireType = (ProtoWireType)wire;
        return true;
    }

    public ulong ReadVarint()
    {
        int start = _position;
        ulong result = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (_position >= _buffer.Length)
            {
                throw Malformed("truncated varint", start);
            }

            byte b = _buffer[_position++];
            // The 10th byte may only contribute the single remaining bit of a 64-bit value.
            if (shift == 63 && b > 1)
            {
                throw Malformed("varint exceeds 64 bits", start);
            }

            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }

        throw Malformed("varint exceeds 64 bits", start);
    }

    public uint ReadFixed32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4, "fixed32"));

    public ulong ReadFixed64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8, "fixed64"));

    /// <summary>Reads a length-delimited payload (bytes, string or embedded message).</summary>
    public ReadOnlySpan<byte> ReadLengthDelimited()
    {
        int start = _position;
        ulong length = ReadVarint();
        if (length > (ulong)(_buffer.Length - _position))
        {
            throw Malformed($"length {length} runs past the end of the buffer ({_buffer.Length - _position} bytes left)", start);
        }

        return Take((int)length, "length-delimited field");
    }

    public string ReadString()
    {
        int start = _position;
        ReadOnlySpan<byte> bytes = ReadLengthDelimited();
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            throw new FormatException($"Malformed protobuf: string is not valid UTF-8 (at byte {start} of the enclosing message).", ex);
        }
    }

    /// <summary>Skips the value of a field whose tag was just read (unknown or unexpected wire type).</summary>
    public void SkipField(int fieldNumber, ProtoWireType wireType) => SkipField(fieldNumber, wireType, depth: 0);

    private void SkipField(int fieldNumber, ProtoWireType wireType, int depth)
    {
        switch (wireType)
        {
            case ProtoWireType.Varint:
                ReadVarint();
                break;
            case ProtoWireType.Fixed64:
                Take(8, "fixed64");
                break;
            case ProtoWireType.LengthDelimited:
                ReadLengthDelimited();
                break;
            case ProtoWireType.Fixed32:
                Take(4, "fixed32");
                break;
            case ProtoWireType.StartGroup:
                SkipGroup(fieldNumber, depth + 1);
                break;
            default:
                // A lone end-group tag (or anything else) has no value to skip and means broken nesting.
                throw Malformed($"unexpected wire type {wireType} for field {fieldNumber}", _position);
        }
    }

    private void SkipGroup(int groupFieldNumber, int depth)
    {
        int start = _position;
        if (depth > MaxGroupDepth)
        {
            throw Malformed("groups nested too deeply", start);
        }

        while (TryReadTag(out int fieldNumber, out ProtoWireType wireType))
        {
            if (wireType == ProtoWireType.EndGroup)
            {
                if (fieldNumber != groupFieldNumber)
                {
                    throw Malformed($"end-group for field {fieldNumber} does not match start-group for field {groupFieldNumber}", _position);
                }

                return;
            }

            SkipField(fieldNumber, wireType, depth);
        }

        throw Malformed($"group for field {groupFieldNumber} is not terminated", start);
    }

    private ReadOnlySpan<byte> Take(int count, string what)
    {
        if (count > _buffer.Length - _position)
        {
            throw Malformed($"truncated {what}: needs {count} bytes, {_buffer.Length - _position} left", _position);
        }

        ReadOnlySpan<byte> slice = _buffer.Slice(_position, count);
        _position += count;
        return slice;
    }

    private static FormatException Malformed(string message, int offset) =>
        new($"Malformed protobuf: {message} (at byte {offset} of the enclosing message).");
}
