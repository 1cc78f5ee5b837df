using System.Globalization;
using System.Text;

namespace TweetPlatform.Analytics.Queries.Language;

/// <summary>
/// Splits a query into tokens. Outside string literals only printable ASCII and whitespace are allowed (names and
/// keywords are ASCII, so look-alike letters cannot hide in them); inside, any text but control and format characters
/// (zero-width and direction marks among them) and broken surrogates. <c>--</c> starts a comment to the end of the line.
/// </summary>
public static class Lexer
{
    public static IReadOnlyList<Token> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > QueryLimits.MaxLength)
        {
            throw new QueryException($"the query is longer than {QueryLimits.MaxLength:N0} characters", text, QueryLimits.MaxLength);
        }
        var tokens = new List<Token>();
        var i = 0;
        while (true)
        {
            while (i < text.Length && (text[i] is ' ' or '\t' or '\r' or '\n' || IsComment(text, i)))
            {
                i = IsComment(text, i) ? SkipLine(text, i) : i + 1;
            }
            if (i >= text.Length)
            {
                tokens.Add(new Token(TokenKind.End, "", text.Length));
                return tokens;
            }
            if (tokens.Count >= QueryLimits.MaxTokens)
            {
                throw new QueryException($"the query has more than {QueryLimits.MaxTokens} tokens", text, i);
            }
            var (token, next) = Read(text, i);
            tokens.Add(token);
            i = next;
        }
    }

    private static bool IsComment(string text, int i) => text[i] == '-' && i + 1 < text.Length && text[i + 1] == '-';

    private static int SkipLine(string text, int i)
    {
        var end = text.IndexOf('\n', i);
        return end < 0 ? text.Length : end + 1;
    }

    private static (Token Token, int Next) Read(string text, int start)
    {
        var c = text[start];
        if (char.IsAsciiLetter(c) || c == '_')
        {
            var end = start;
            while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] == '_'))
            {
                end++;
            }
            if (end - start > QueryLimits.MaxIdentifierLength)
            {
                throw new QueryException($"a name is longer than {QueryLimits.MaxIdentifierLength} characters", text, start);
            }
            return (new Token(TokenKind.Identifier, text[start..end], start), end);
        }
        if (char.IsAsciiDigit(c))
        {
            return ReadNumber(text, start);
        }
        if (c == '\'')
        {
            return ReadString(text, start);
        }
        var two = start + 1 < text.Length ? text.Substring(start, 2) : "";
        return two switch
        {
            "<=" => (new Token(TokenKind.LessOrEqual, two, start), start + 2),
            ">=" => (new Token(TokenKind.GreaterOrEqual, two, start), start + 2),
            "<>" or "!=" => (new Token(TokenKind.NotEqual, two, start), start + 2),
            _ => c switch
            {
                '(' => (new Token(TokenKind.LeftParen, "(", start), start + 1),
                ')' => (new Token(TokenKind.RightParen, ")", start), start + 1),
                ',' => (new Token(TokenKind.Comma, ",", start), start + 1),
                '*' => (new Token(TokenKind.Star, "*", start), start + 1),
                ';' => (new Token(TokenKind.Semicolon, ";", start), start + 1),
                '=' => (new Token(TokenKind.Equal, "=", start), start + 1),
                '<' => (new Token(TokenKind.Less, "<", start), start + 1),
                '>' => (new Token(TokenKind.Greater, ">", start), start + 1),
                '-' => (new Token(TokenKind.Minus, "-", start), start + 1),
                '"' => throw new QueryException("names are not quoted and strings take single quotes ('...')", text, start),
                _ => throw new QueryException($"unexpected character {Show(text, start)}", text, start),
            },
        };
    }

    private static (Token, int) ReadNumber(string text, int start)
    {
        var end = start;
        while (end < text.Length && char.IsAsciiDigit(text[end]))
        {
            end++;
        }
        if (end + 1 < text.Length && text[end] == '.' && char.IsAsciiDigit(text[end + 1]))
        {
            end++;
            while (end < text.Length && char.IsAsciiDigit(text[end]))
            {
                end++;
            }
        }
        if (end - start > 15)
        {
            throw new QueryException("a number has more than 15 digits", text, start);
        }
        if (end < text.Length && (char.IsAsciiLetter(text[end]) || text[end] == '_'))
        {
            throw new QueryException($"expected a space or an operator after the number, found {Show(text, end)}", text, end);
        }
        return (new Token(TokenKind.Number, text[start..end], start), end);
    }

    private static (Token, int) ReadString(string text, int start)
    {
        var value = new StringBuilder();
        var i = start + 1;
        while (true)
        {
            if (i >= text.Length)
            {
                throw new QueryException("a string is not closed (expected ')", text, start);
            }
            if (text[i] == '\'')
            {
                if (i + 1 < text.Length && text[i + 1] == '\'')
                {
                    value.Append('\'');
                    i += 2;
                    continue;
                }
                return (new Token(TokenKind.String, value.ToString(), start), i + 1);
            }
            if (Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var used) != System.Buffers.OperationStatus.Done)
            {
                throw new QueryException("a string holds a broken character (an unpaired surrogate)", text, i);
            }
            if (Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.OtherNotAssigned
                or UnicodeCategory.PrivateUse)
            {
                throw new QueryException($"a string holds the invisible or control character U+{rune.Value:X4}", text, i);
            }
            value.Append(text, i, used);
            if (value.Length > QueryLimits.MaxStringLength)
            {
                throw new QueryException($"a string is longer than {QueryLimits.MaxStringLength} characters", text, start);
            }
            i += used;
        }
    }

    private static string Show(string text, int i) =>
        text[i] is >= ' ' and <= '~' ? $"'{text[i]}'" : $"U+{(int)text[i]:X4} (only ASCII outside strings)";
}
