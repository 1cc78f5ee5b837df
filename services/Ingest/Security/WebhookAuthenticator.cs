using Microsoft.Extensions.Options;
using TweetPlatform.ServiceDefaults.Security;

namespace TweetPlatform.Ingest.Security;

/// <summary>
/// Checks the shared webhook secret from header <c>X-Webhook-Secret</c>, or query parameter
/// <c>secret</c> for IFTTT applets that cannot set headers (compared in constant time).
/// </summary>
public sealed class WebhookAuthenticator(IOptions<IngestOptions> options)
{
    public const string HeaderName = "X-Webhook-Secret";
    public const string QueryName = "secret";

    private readonly SharedSecret _secret = new(options.Value.WebhookSecret);

    public bool IsAuthorized(HttpRequest request)
    {
        if (!_secret.IsSet)
        {
            return true; // Only reachable with AllowUnauthenticatedWebhooks (validated at start).
        }
        string? presented = request.Headers[HeaderName].FirstOrDefault();
        if (string.IsNullOrEmpty(presented))
        {
            presented = request.Query[QueryName].FirstOrDefault();
        }
        return _secret.Matches(presented);
    }
}
