using System.Globalization;

namespace TweetPlatform.Ingest.Parsing;

/// <summary>Reads IFTTT's CreatedAt ingredient, e.g. <c>April 17, 2017 at 01:39PM</c>, in a given time zone.</summary>
public static class IftttCreatedAt
{
    private static readonly string[] Formats =
    [
        "MMMM d, yyyy 'at' hh:mmtt",
        "MMMM d, yyyy 'at' h:mmtt",
        "MMMM dd, yyyy 'at' hh:mmtt",
        "MMMM dd, yyyy 'at' h:mmtt",
    ];

    public static bool TryParse(string? value, TimeZoneInfo zone, out DateTimeOffset createdAt)
    {
        createdAt = default;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }
        var text = value.Trim();
        if (DateTime.TryParseExact(text, Formats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var local))
        {
            var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
            createdAt = new DateTimeOffset(unspecified, zone.GetUtcOffset(unspecified)).ToUniversalTime();
            return true;
        }
        // Applets built by hand sometimes send ISO 8601 instead.
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var iso))
        {
            createdAt = iso.ToUniversalTime();
            return true;
        }
        return false;
    }
}
