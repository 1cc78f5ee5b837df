using System.Text.RegularExpressions;

namespace TweetPlatform.LikeTracking.Viewers;

/// <summary>The anonymous viewer id the SPA creates and sends as X-Viewer-Id.</summary>
public static partial class ViewerIds
{
    public const string HeaderName = "X-Viewer-Id";

    [GeneratedRegex(@"^[A-Za-z0-9_-]{8,64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Valid();

    public static bool IsValid(string? viewerId) => viewerId is not null && Valid().IsMatch(viewerId);

    public static string? From(HttpRequest request) => request.Headers[HeaderName].FirstOrDefault();
}
