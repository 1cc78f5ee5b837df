using System.ComponentModel.DataAnnotations;

namespace TweetPlatform.Ingest;

/// <summary>Ingest settings (config section <c>Ingest</c>), validated at start-up.</summary>
public sealed class IngestOptions : IValidatableObject
{
    public const string SectionName = "Ingest";

    /// <summary>Shared secret webhook callers send as header X-Webhook-Secret or query parameter <c>secret</c>.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>Explicit opt-out of webhook authentication (never in production).</summary>
    public bool AllowUnauthenticatedWebhooks { get; set; }

    /// <summary>Hashtags (without '#', any case) that map a tweet to a conference.</summary>
    public List<string> TrackedTags { get; set; } = [];

    [Range(1_024, 1_048_576)]
    public int MaxBodyBytes { get; set; } = 64 * 1024;

    /// <summary>Tweets one <c>POST /api/tweets/batch</c> may carry.</summary>
    [Range(1, 10_000)]
    public int MaxBatchSize { get; set; } = 1_000;

    /// <summary>Body limit of a batch request (413 above).</summary>
    [Range(1_024, 16 * 1_048_576)]
    public int MaxBatchBodyBytes { get; set; } = 2 * 1_048_576;

    [Range(1, 100_000)]
    public int MaxTextLength { get; set; } = 4_000;

    [Range(1, 1_000)]
    public int MaxAuthorLength { get; set; } = 100;

    [Range(0, 100)]
    public int MaxHashtags { get; set; } = 30;

    [Range(1, 1_000)]
    public int MaxHashtagLength { get; set; } = 100;

    /// <summary>IANA time zone that IFTTT's CreatedAt (which carries no offset) is read in.</summary>
    [Required]
    public string IftttTimeZone { get; set; } = "UTC";

    /// <summary>How many recently accepted tweet ids ingest remembers to answer re-sends without producing again.</summary>
    [Range(0, 10_000_000)]
    public int RecentIdCapacity { get; set; } = 100_000;

    /// <summary>Retry-After sent with 503 when Kafka cannot take an event.</summary>
    [Range(1, 3_600)]
    public int RetryAfterSeconds { get; set; } = 5;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrEmpty(WebhookSecret) && !AllowUnauthenticatedWebhooks)
        {
            yield return new ValidationResult(
                "Set Ingest:WebhookSecret (or Ingest:AllowUnauthenticatedWebhooks=true for a throw-away setup).",
                [nameof(WebhookSecret)]);
        }
        if (WebhookSecret is { Length: > 0 and < 16 })
        {
            yield return new ValidationResult("Ingest:WebhookSecret must be at least 16 characters.", [nameof(WebhookSecret)]);
        }
        if (TrackedTags.Any(string.IsNullOrWhiteSpace))
        {
            yield return new ValidationResult("Ingest:TrackedTags must not contain empty tags.", [nameof(TrackedTags)]);
        }
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(IftttTimeZone, out _))
        {
            yield return new ValidationResult($"Ingest:IftttTimeZone '{IftttTimeZone}' is not a known time zone.", [nameof(IftttTimeZone)]);
        }
    }
}
