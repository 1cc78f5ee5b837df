using TweetPlatform.Ingest.Parsing;

namespace TweetPlatform.UnitTests.Ingest;

/// <summary>Extracting hashtags from text and normalising them (no '#', lower-case, deduplicated, in order).</summary>
public sealed class HashtagsTests
{
    [Fact]
    public void FromText_finds_tags_in_order_without_the_hash()
    {
        var tags = Hashtags.FromText("#Start of text, then #dotnet_10 and (#Caf\u00e9) #42").ToList();

        Assert.Equal(["Start", "dotnet_10", "Caf\u00e9", "42"], tags);
    }

    [Theory]
    [InlineData("mail#notatag")]
    [InlineData("html &#39; entity")]
    [InlineData("snake_#case")]
    [InlineData("just a # sign")]
    [InlineData("")]
    public void FromText_ignores_hashes_that_are_not_hashtags(string text)
    {
        Assert.Empty(Hashtags.FromText(text));
    }

    [Fact]
    public void Normalize_strips_hash_trims_lowercases_and_keeps_first_occurrence()
    {
        var normalized = Hashtags.Normalize(["#DotNet", "csharp", " DOTNET ", "", "  ", "#", "CSharp", "Aspire"]);

        Assert.Equal(["dotnet", "csharp", "aspire"], normalized);
    }

    [Fact]
    public void FromText_keeps_combining_marks_inside_a_tag()
    {
        // "Café" written with a combining acute accent (e + U+0301), and a Devanagari tag with vowel signs.
        var tags = Hashtags.FromText("#Cafe\u0301 and #\u0939\u093f\u0902\u0926\u0940").ToList();

        Assert.Equal(["Cafe\u0301", "\u0939\u093f\u0902\u0926\u0940"], tags);
    }
}
