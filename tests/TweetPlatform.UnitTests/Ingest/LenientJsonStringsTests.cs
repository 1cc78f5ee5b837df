using System.Text;
using System.Text.Json;
using TweetPlatform.Ingest.Parsing;

namespace TweetPlatform.UnitTests.Ingest;

/// <summary>Raw control characters inside JSON strings are escaped; every other byte is left alone.</summary>
public sealed class LenientJsonStringsTests
{
    private static string Run(string json) =>
        Encoding.UTF8.GetString(LenientJsonStrings.EscapeControlCharactersInStrings(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void Raw_newline_inside_a_string_is_escaped_and_the_result_parses_back_to_the_original_text()
    {
        var raw = "{\"Text\":\"first line\nsecond line\"}";
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(raw)); // the premise: strict JSON rejects it

        var fixedJson = Run(raw);

        Assert.Equal("{\"Text\":\"first line\\nsecond line\"}", fixedJson);
        using var document = JsonDocument.Parse(fixedJson);
        Assert.Equal("first line\nsecond line", document.RootElement.GetProperty("Text").GetString());
    }

    [Fact]
    public void Carriage_return_tab_and_other_control_characters_get_their_json_escapes()
    {
        var fixedJson = Run("{\"Text\":\"a\r\nb\tc\u0001d\u001fe\"}");

        Assert.Equal("{\"Text\":\"a\\r\\nb\\tc\\u0001d\\u001fe\"}", fixedJson);
        using var document = JsonDocument.Parse(fixedJson);
        Assert.Equal("a\r\nb\tc\u0001d\u001fe", document.RootElement.GetProperty("Text").GetString());
    }

    [Fact]
    public void Whitespace_between_tokens_stays_as_it_is()
    {
        var fixedJson = Run("{\n\t\"Text\": \"a\nb\",\r\n  \"UserName\": \"x\"\n}");

        Assert.Equal("{\n\t\"Text\": \"a\\nb\",\r\n  \"UserName\": \"x\"\n}", fixedJson);
    }

    [Fact]
    public void Escaped_quote_does_not_end_the_string_so_a_later_newline_is_still_escaped()
    {
        var fixedJson = Run("{\"Text\":\"say \\\"hi\\\"\nbye\",\"UserName\":\"x\"}");

        Assert.Equal("{\"Text\":\"say \\\"hi\\\"\\nbye\",\"UserName\":\"x\"}", fixedJson);
        using var document = JsonDocument.Parse(fixedJson);
        Assert.Equal("say \"hi\"\nbye", document.RootElement.GetProperty("Text").GetString());
    }

    [Fact]
    public void Escaped_backslash_before_the_closing_quote_ends_the_string()
    {
        // "C:\\" is a complete string; the newline after the comma is outside any string.
        var fixedJson = Run("{\"Path\":\"C:\\\\\",\n\"Text\":\"a\nb\"}");

        Assert.Equal("{\"Path\":\"C:\\\\\",\n\"Text\":\"a\\nb\"}", fixedJson);
        using var document = JsonDocument.Parse(fixedJson);
        Assert.Equal("C:\\", document.RootElement.GetProperty("Path").GetString());
        Assert.Equal("a\nb", document.RootElement.GetProperty("Text").GetString());
    }

    [Fact]
    public void Valid_json_comes_back_byte_for_byte()
    {
        var valid = "{\n  \"Text\": \"already \\n escaped \\\"quoted\\\" caf\u00e9 \\u00e9\",\n  \"n\": [1, 2.5, true, null]\n}";
        var bytes = Encoding.UTF8.GetBytes(valid);

        var result = LenientJsonStrings.EscapeControlCharactersInStrings(bytes);

        Assert.Equal(bytes, result);
    }

    [Fact]
    public void Multi_byte_utf8_next_to_an_escaped_newline_survives()
    {
        var fixedJson = Run("{\"Text\":\"caf\u00e9\n\ud83d\ude00\"}");

        using var document = JsonDocument.Parse(fixedJson);
        Assert.Equal("caf\u00e9\n\ud83d\ude00", document.RootElement.GetProperty("Text").GetString());
    }

    [Fact]
    public void A_users_backslash_right_before_a_raw_newline_stays_a_backslash_and_the_result_parses()
    {
        var raw = System.Text.Encoding.UTF8.GetBytes("{\"Text\":\"ends with \\\nnext line\"}");

        var fixedJson = LenientJsonStrings.EscapeControlCharactersInStrings(raw);

        using var document = System.Text.Json.JsonDocument.Parse(fixedJson);
        Assert.Equal("ends with \\\nnext line", document.RootElement.GetProperty("Text").GetString());
    }
}
