namespace TweetPlatform.Ingest.Model;

/// <summary>
/// What IFTTT's "Make a web request" action sends when the applet's body uses the Twitter trigger's
/// ingredient names.
/// </summary>
public sealed class IftttTweetPayload
{
    public string? Text { get; set; }
    public string? UserName { get; set; }
    public string? UserImageUrl { get; set; }

    /// <summary>Formatted like <c>April 17, 2017 at 01:39PM</c>, without a time zone.</summary>
    public string? CreatedAt { get; set; }
    public string? LinkToTweet { get; set; }
    public string? FirstLinkUrl { get; set; }
}
