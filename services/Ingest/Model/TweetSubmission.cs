namespace TweetPlatform.Ingest.Model;

/// <summary>The body of <c>POST /api/tweets</c>: our own tweet JSON. Send <see cref="Id"/> to make retries idempotent.</summary>
public sealed class TweetSubmission
{
    public string? Id { get; set; }
    public string? Text { get; set; }
    public string? Author { get; set; }
    public string? AuthorImageUrl { get; set; }
    public List<string>? Hashtags { get; set; }
    public DateTimeOffset? CreatedAt { get; set; }
    public string? Language { get; set; }
    public bool? IsRetweet { get; set; }
    public string? OriginalTweetId { get; set; }
    public string? Link { get; set; }
}
