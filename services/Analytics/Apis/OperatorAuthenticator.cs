using Microsoft.Extensions.Options;
using TweetPlatform.ServiceDefaults.Security;

namespace TweetPlatform.Analytics.Apis;

/// <summary>Checks the operator secret (header <c>X-Operator-Secret</c>) that guards creating and deleting live queries.</summary>
public sealed class OperatorAuthenticator(IOptions<AnalyticsOptions> options)
{
    public const string HeaderName = "X-Operator-Secret";

    private readonly SharedSecret _secret = new(options.Value.OperatorSecret);

    public bool IsAuthorized(HttpRequest request) => _secret.Matches(request.Headers[HeaderName].FirstOrDefault());
}
