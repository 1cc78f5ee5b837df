using System.Security.Cryptography;
using System.Text;

namespace TweetPlatform.ServiceDefaults.Security;

/// <summary>
/// A secret shared with callers (a webhook's, an operator's). Compares hashes in constant time, so neither the secret's
/// content nor its length leaks through timing.
/// </summary>
public sealed class SharedSecret(string? secret)
{
    private readonly byte[]? _hash = string.IsNullOrEmpty(secret) ? null : SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    public bool IsSet => _hash is not null;

    /// <summary>False when no secret is set: nothing matches it.</summary>
    public bool Matches(string? presented) =>
        _hash is not null && !string.IsNullOrEmpty(presented)
        && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), _hash);
}
