using System.Text.RegularExpressions;

namespace TweetPlatform.Contracts;

/// <summary>What a tweet id may look like everywhere: 1-64 of letters, digits, '-' and '_' (always a string).</summary>
public static partial class TweetIdFormat
{
    public const int MaxLength = 64;

    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Valid();

    public static bool IsValid(string? id) => id is not null && Valid().IsMatch(id);
}
