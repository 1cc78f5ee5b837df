using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace TweetPlatform.Ingest.Security;

/// <summary>
/// Checks the shared webhook secret from header <c>X-Webhook-Secret</c>, or query parameter
/// <c>secret</c> for IFTTT applets that cannot set headers. Compares hashes in constant time so
/// neither content nor length of the secret leaks through timing.
/// </summary>
public sealed class WebhookAuthenticator(IOptions<IngestOptions> options)
{
    public const string HeaderName = "X-Webhook-Secret";
    public const string QueryName = "secret";

    private readonly byte[]? _expectedHash = string.IsNullOrEmpty(options.Value.WebhookSecret)
        ? null
        : SHA256.HashData(Encoding.UTF8.GetBytes(options.Value.WebhookSecret));

    public bool IsAuthorized(HttpRequest request)
    {
        if (_expectedHash is null)
        {
            return true; // Only reachable with AllowUnauthenticatedWebhooks (validated at start).
        }
        string? presented = request.Headers[HeaderName].FirstOrDefault();
        if (string.IsNullOrEmpty(presented))
        {
            presented = request.Query[QueryName].FirstOrDefault();
        }
        if (string.IsNullOrEmpty(presented))
        {
            return false;
        }
        var presentedHash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        return CryptographicOperations.FixedTimeEquals(presentedHash, _expectedHash);
    }
}
