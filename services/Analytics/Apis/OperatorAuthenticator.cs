using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace TweetPlatform.Analytics.Apis;

/// <summary>
/// Checks the operator secret (header <c>X-Operator-Secret</c>) that guards creating and deleting live queries.
/// Compares hashes in constant time, so neither the secret's content nor its length leaks through timing.
/// </summary>
public sealed class OperatorAuthenticator(IOptions<AnalyticsOptions> options)
{
    public const string HeaderName = "X-Operator-Secret";

    private readonly byte[] _expectedHash = SHA256.HashData(Encoding.UTF8.GetBytes(options.Value.OperatorSecret ?? ""));

    public bool IsAuthorized(HttpRequest request)
    {
        var presented = request.Headers[HeaderName].FirstOrDefault();
        return !string.IsNullOrEmpty(presented) && !string.IsNullOrEmpty(options.Value.OperatorSecret)
            && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), _expectedHash);
    }
}
