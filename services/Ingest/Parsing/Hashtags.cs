using System.Text.RegularExpressions;

namespace TweetPlatform.Ingest.Parsing;

/// <summary>Hashtags as the platform stores them: without '#', lower-case, first occurrence first, no repeats.</summary>
public static partial class Hashtags
{
    [GeneratedRegex(@"(?<![\p{L}\p{M}\p{N}_&])#([\p{L}\p{M}\p{N}_]+)", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex HashtagPattern();

    public static IEnumerable<string> FromText(string text) =>
        HashtagPattern().Matches(text).Select(m => m.Groups[1].Value);

    public static List<string> Normalize(IEnumerable<string> tags)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<string>();
        foreach (var tag in tags)
        {
            var clean = tag.Trim().TrimStart('#').ToLowerInvariant();
            if (clean.Length > 0 && seen.Add(clean))
            {
                result.Add(clean);
            }
        }
        return result;
    }
}
