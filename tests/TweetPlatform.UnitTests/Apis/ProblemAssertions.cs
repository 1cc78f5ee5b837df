using System.Net;
using System.Text.Json;

namespace TweetPlatform.UnitTests.Apis;

internal static class ProblemAssertions
{
    /// <summary>Sends the request and requires an RFC 7807 answer with this status; returns the problem.</summary>
    public static async Task<JsonElement> ProblemAsync(this HttpClient http, HttpRequestMessage request, HttpStatusCode expected)
    {
        using (request)
        using (var response = await http.SendAsync(request))
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(expected == response.StatusCode, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = JsonDocument.Parse(body).RootElement.Clone();
            Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
            if (expected is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable)
            {
                Assert.NotNull(response.Headers.RetryAfter);
            }
            return problem;
        }
    }
}
