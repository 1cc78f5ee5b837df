namespace TweetPlatform.Ingest.Parsing;

/// <summary>
/// IFTTT pastes ingredients into the JSON body verbatim, so a tweet with a line break yields a raw
/// newline inside a JSON string, which strict JSON rejects. This escapes control characters that
/// stand inside string literals and leaves everything else byte for byte.
/// </summary>
public static class LenientJsonStrings
{
    public static byte[] EscapeControlCharactersInStrings(ReadOnlySpan<byte> json)
    {
        var inString = false;
        var escaped = false;
        var needsWork = false;
        foreach (var b in json)
        {
            if (inString && b < 0x20)
            {
                needsWork = true;
                break;
            }
            (inString, escaped) = Step(b, inString, escaped);
        }
        if (!needsWork)
        {
            return json.ToArray();
        }

        var output = new List<byte>(json.Length + 16);
        inString = false;
        escaped = false;
        foreach (var b in json)
        {
            if (inString && b < 0x20)
            {
                if (escaped)
                {
                    // IFTTT escapes nothing: the backslash before it was the user's own character.
                    output.Add((byte)'\\');
                    escaped = false;
                }
                output.AddRange(Escape(b));
                continue;
            }
            output.Add(b);
            (inString, escaped) = Step(b, inString, escaped);
        }
        return [.. output];
    }

    private static (bool InString, bool Escaped) Step(byte b, bool inString, bool escaped)
    {
        if (!inString)
        {
            return (b == (byte)'"', false);
        }
        if (escaped)
        {
            return (true, false);
        }
        return b switch
        {
            (byte)'\\' => (true, true),
            (byte)'"' => (false, false),
            _ => (true, false),
        };
    }

    private static byte[] Escape(byte b) => b switch
    {
        (byte)'\n' => "\\n"u8.ToArray(),
        (byte)'\r' => "\\r"u8.ToArray(),
        (byte)'\t' => "\\t"u8.ToArray(),
        _ => System.Text.Encoding.ASCII.GetBytes($"\\u{b:x4}"),
    };
}
