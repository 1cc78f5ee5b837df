using System.Net;
using TweetPlatform.IntegrationTests.Infrastructure;
using TweetPlatform.Hosting;

namespace TweetPlatform.IntegrationTests.Gateway;

/// <summary>The gateway on its own: the SPA with its security headers, API 404s, and per-client rate limits.</summary>
public sealed class GatewayTests : IAsyncLifetime
{
    private ChildProcess _gateway = null!;
    private Uri _url = null!;
    private readonly HttpClient _http = new();

    public async Task InitializeAsync()
    {
        // Destinations point at a closed port: requests the limiter lets through fail with 502, not 429.
        var nowhere = $"http://127.0.0.1:{RunningPlatform.FreePort()}";
        (_gateway, _url) = await ServiceProcess.StartAsync("gateway", "TweetPlatform.Gateway", new Dictionary<string, string>
        {
            ["ReverseProxy__Clusters__ingest__Destinations__d1__Address"] = nowhere,
            ["ReverseProxy__Clusters__push-gateway__Destinations__d1__Address"] = nowhere,
            ["Gateway__RateLimits__Ingest__TokensPerSecond"] = "1",
            ["Gateway__RateLimits__Ingest__Burst"] = "3",
            ["ReverseProxy__Clusters__like-tracking__Destinations__d1__Address"] = nowhere,
            ["Gateway__RateLimits__Likes__TokensPerSecond"] = "1",
            ["Gateway__RateLimits__Likes__Burst"] = "3",
        });
    }

    [Fact]
    public async Task Serves_the_spa_with_a_strict_content_security_policy()
    {
        using var response = await _http.GetAsync(_url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp);
        Assert.Contains("connect-src 'self'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("id=\"tweets\"", await response.Content.ReadAsStringAsync());

        // Client-side routes fall back to the page; unknown API paths do not.
        using var deepLink = await _http.GetAsync(new Uri(_url, "/conference/javaone"));
        Assert.Equal("text/html", deepLink.Content.Headers.ContentType?.MediaType);
        using var unknownApi = await _http.GetAsync(new Uri(_url, "/api/nothing-here"));
        Assert.Equal(HttpStatusCode.NotFound, unknownApi.StatusCode);
        Assert.Equal("application/problem+json", unknownApi.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("POST", "/api/tweets")]
    [InlineData("POST", "/api/tweets/t1/likes")]
    [InlineData("DELETE", "/api/tweets/t1/likes")]
    public async Task Public_routes_are_rate_limited_per_client_with_429_and_retry_after(string method, string path)
    {
        // The proxy's failing path warmed up first, on a route of another policy: on a cold process the burst's three
        // requests once took over a second, so the bucket refilled a token in between (seen in CI).
        using (await _http.GetAsync(new Uri(_url, "/api/updates")))
        {
        }
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 6 && limited is null; i++)
        {
            var request = new HttpRequestMessage(new HttpMethod(method), new Uri(_url, path))
            {
                Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json"),
            };
            var response = await _http.SendAsync(request);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = response;
            }
            else
            {
                response.Dispose();
            }
        }
        Assert.NotNull(limited);
        using (limited)
        {
            // The burst of 3 passes (and fails upstream), the 4th is limited.
            Assert.Equal([HttpStatusCode.BadGateway, HttpStatusCode.BadGateway, HttpStatusCode.BadGateway, HttpStatusCode.TooManyRequests], statuses);
            Assert.NotNull(limited.Headers.RetryAfter?.Delta);
            Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        }
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _gateway.DisposeAsync();
    }
}
