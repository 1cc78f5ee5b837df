using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using TweetPlatform.Contracts;

namespace TweetPlatform.Ingest.Parsing;

/// <summary>Tweet ids: validated, taken from a tweet link, or derived from content so a re-sent webhook keeps its id.</summary>
public static partial class TweetIds
{
    public const int MaxLength = TweetIdFormat.MaxLength;

    [GeneratedRegex(@"/status(?:es)?/([0-9]{1,30})(?:[/?#]|\z)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 1000)]
    private static partial Regex StatusInLink();

    public static bool IsValid(string id) => TweetIdFormat.IsValid(id);

    /// <summary>The status number of a link like https://twitter.com/user/status/853987... (x.com too).</summary>
    public static string? FromLink(string? link)
    {
        if (string.IsNullOrWhiteSpace(link))
        {
            return null;
        }
        var match = StatusInLink().Match(link);
        return match.Success ? match.Groups[1].Value : null;
    }

    /// <summary>A stable id from the fields that identify a tweet, for senders that give none.</summary>
    public static string FromContent(string author, DateTimeOffset createdAt, string text)
    {
        var material = Encoding.UTF8.GetBytes($"{author}\n{createdAt.UtcDateTime:O}\n{text}");
        return "h" + Convert.ToHexStringLower(SHA256.HashData(material).AsSpan(0, 16));
    }
}
