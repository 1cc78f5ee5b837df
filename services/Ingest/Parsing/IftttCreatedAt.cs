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

    private static readonly string[] IsoWithOffset =
    [
        "yyyy-MM-dd'T'HH:mmzzz", "yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz",
        "yyyy-MM-dd'T'HH:mm'Z'", "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'",
    ];

    private static readonly string[] IsoLocal =
        ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF"];

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
        // Applets built by hand sometimes send ISO 8601 instead; without an offset it is local to the zone too.
        if (DateTimeOffset.TryParseExact(text, IsoWithOffset, CultureInfo.InvariantCulture, DateTimeStyles.None, out var iso))
        {
            createdAt = iso.ToUniversalTime();
            return true;
        }
        if (DateTime.TryParseExact(text, IsoLocal, CultureInfo.InvariantCulture, DateTimeStyles.None, out var isoLocal))
        {
            var unspecified = DateTime.SpecifyKind(isoLocal, DateTimeKind.Unspecified);
            createdAt = new DateTimeOffset(unspecified, zone.GetUtcOffset(unspecified)).ToUniversalTime();
            return true;
        }
        return false;
    }
}
