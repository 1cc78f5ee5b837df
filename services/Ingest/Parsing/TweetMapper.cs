using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using TweetPlatform.Contracts.Events;
using TweetPlatform.Ingest.Model;

namespace TweetPlatform.Ingest.Parsing;

/// <summary>The outcome of validating and mapping a request body: a tweet, or errors per field.</summary>
public sealed record TweetMapping(TweetReceived? Tweet, IReadOnlyDictionary<string, string[]> Errors)
{
    public bool IsValid => Tweet is not null;
}

/// <summary>Validates incoming tweets (ours and IFTTT's) and maps them to <see cref="TweetReceived"/>.</summary>
public sealed partial class TweetMapper(IOptions<IngestOptions> options, ConferenceMatcher conferences)
{
    private const int MaxUrlLength = 2_048;
    private static readonly TimeSpan MaxClockSkew = TimeSpan.FromDays(1);
    private readonly IngestOptions _options = options.Value;
    private readonly TimeZoneInfo _iftttZone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.IftttTimeZone);

    [GeneratedRegex("^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$", RegexOptions.CultureInvariant)]
    private static partial Regex LanguageTag();

    public TweetMapping FromSubmission(TweetSubmission body, DateTimeOffset now)
    {
        var errors = new Errors();
        var text = errors.RequiredText("text", body.Text, _options.MaxTextLength);
        var author = errors.RequiredText("author", body.Author, _options.MaxAuthorLength);
        errors.OptionalId("id", body.Id);
        errors.OptionalId("originalTweetId", body.OriginalTweetId);
        errors.OptionalUrl("authorImageUrl", body.AuthorImageUrl);
        errors.OptionalUrl("link", body.Link);
        if (body.Language is { } language && !LanguageTag().IsMatch(language))
        {
            errors.Add("language", "language must be a language tag such as 'en' or 'pt-BR'.");
        }
        if (body.Hashtags is { } given)
        {
            if (given.Count > _options.MaxHashtags)
            {
                errors.Add("hashtags", $"At most {_options.MaxHashtags} hashtags are allowed.");
            }
            if (given.Any(tag => string.IsNullOrWhiteSpace(tag) || tag.Length > _options.MaxHashtagLength))
            {
                errors.Add("hashtags", $"Hashtags must be non-empty and at most {_options.MaxHashtagLength} characters.");
            }
        }
        if (body.CreatedAt is { } created && created - now > MaxClockSkew)
        {
            errors.Add("createdAt", "createdAt lies more than a day in the future.");
        }
        if (errors.Any || text is null || author is null)
        {
            return errors.Result();
        }

        var createdAt = (body.CreatedAt ?? now).ToUniversalTime();
        var hashtags = HashtagsOf(body.Hashtags ?? [], text);
        return new TweetMapping(new TweetReceived
        {
            // Without an id from the sender, a retry cannot be recognised: each request is a new tweet.
            TweetId = body.Id ?? "g" + Guid.CreateVersion7(now).ToString("N"),
            Text = text,
            Author = author,
            AuthorImageUrl = body.AuthorImageUrl,
            Hashtags = hashtags,
            Conference = conferences.Match(hashtags),
            CreatedAt = createdAt,
            ReceivedAt = now,
            Language = body.Language,
            IsRetweet = body.IsRetweet ?? false,
            OriginalTweetId = body.OriginalTweetId,
            Link = body.Link,
            Source = "api",
        }, Errors.None);
    }

    public TweetMapping FromIfttt(IftttTweetPayload body, DateTimeOffset now)
    {
        var errors = new Errors();
        var text = errors.RequiredText("Text", body.Text, _options.MaxTextLength);
        var author = errors.RequiredText("UserName", body.UserName, _options.MaxAuthorLength);
        errors.OptionalUrl("UserImageUrl", body.UserImageUrl);
        errors.OptionalUrl("LinkToTweet", body.LinkToTweet);
        errors.OptionalUrl("FirstLinkUrl", body.FirstLinkUrl);
        DateTimeOffset createdAt = default;
        if (string.IsNullOrWhiteSpace(body.CreatedAt))
        {
            errors.Add("CreatedAt", "CreatedAt is required.");
        }
        else if (!IftttCreatedAt.TryParse(body.CreatedAt, _iftttZone, out createdAt))
        {
            errors.Add("CreatedAt", "CreatedAt must look like 'April 17, 2017 at 01:39PM' (or be ISO 8601).");
        }
        else if (createdAt - now > MaxClockSkew)
        {
            errors.Add("CreatedAt", "CreatedAt lies more than a day in the future.");
        }
        if (errors.Any || text is null || author is null)
        {
            return errors.Result();
        }

        var hashtags = HashtagsOf([], text);
        return new TweetMapping(new TweetReceived
        {
            TweetId = TweetIds.FromLink(body.LinkToTweet) ?? TweetIds.FromContent(author, createdAt, text),
            Text = text,
            Author = author,
            AuthorImageUrl = body.UserImageUrl,
            Hashtags = hashtags,
            Conference = conferences.Match(hashtags),
            CreatedAt = createdAt,
            ReceivedAt = now,
            IsRetweet = text.StartsWith("RT @", StringComparison.Ordinal),
            Link = body.LinkToTweet,
            Source = "ifttt",
        }, Errors.None);
    }

    private List<string> HashtagsOf(IEnumerable<string> given, string text) =>
        Hashtags.Normalize(given.Concat(Hashtags.FromText(text)))
            .Where(tag => tag.Length <= _options.MaxHashtagLength)
            .Take(_options.MaxHashtags)
            .ToList();

    /// <summary>Collects field errors in the shape ValidationProblem wants.</summary>
    private sealed class Errors
    {
        public static readonly IReadOnlyDictionary<string, string[]> None = new Dictionary<string, string[]>();
        private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

        public bool Any => _errors.Count > 0;

        public void Add(string field, string message)
        {
            if (!_errors.TryGetValue(field, out var list))
            {
                _errors[field] = list = [];
            }
            list.Add(message);
        }

        public string? RequiredText(string field, string? value, int maxLength)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                Add(field, $"{field} is required.");
                return null;
            }
            if (value.Length > maxLength)
            {
                Add(field, $"{field} must be at most {maxLength} characters.");
                return null;
            }
            return value;
        }

        public void OptionalId(string field, string? value)
        {
            if (value is not null && !TweetIds.IsValid(value))
            {
                Add(field, $"{field} must be 1-{TweetIds.MaxLength} characters of letters, digits, '-' or '_'.");
            }
        }

        public void OptionalUrl(string field, string? value)
        {
            if (string.IsNullOrEmpty(value))
            {
                return;
            }
            if (value.Length > MaxUrlLength
                || !Uri.TryCreate(value, UriKind.Absolute, out var uri)
                || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                Add(field, $"{field} must be an absolute http(s) URL of at most {MaxUrlLength} characters.");
            }
        }

        public TweetMapping Result() =>
            new(null, _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
    }
}
