using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace TweetPlatform.ServiceDefaults.WarmUp;

/// <summary>
/// Marks an instance's requests to itself while warming up, so that they can be told from clients' (e.g. to spend no
/// client's rate limit): a random token made at start, known only inside the process, compared in fixed time.
/// </summary>
public sealed class WarmUpRequestMark
{
    public const string HeaderName = "X-Warm-Up";

    private readonly byte[] _token = Encoding.ASCII.GetBytes(Convert.ToHexString(RandomNumberGenerator.GetBytes(32)));

    public void Apply(System.Net.Http.Headers.HttpRequestHeaders headers) => headers.Add(HeaderName, Encoding.ASCII.GetString(_token));

    public bool IsMarked(HttpRequest request) =>
        request.Headers.TryGetValue(HeaderName, out var values) && values.Count == 1 && values[0] is { } value
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(value), _token);
}
