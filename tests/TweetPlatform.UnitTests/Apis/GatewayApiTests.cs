using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using TweetPlatform.Gateway.Extensions;
using TweetPlatform.Gateway.Security;

namespace TweetPlatform.UnitTests.Apis;

/// <summary>
/// The gateway in-process: a client over a route's rate limit gets 429 problem+json with Retry-After from the
/// gateway itself, before anything is proxied, while routes under other policies still go through.
/// </summary>
public sealed class GatewayApiTests
{
    private const string Nowhere = "http://127.0.0.1:9"; // the discard port: a proxied request fails with 502

    private static Task<InProcessService> StartAsync() =>
        InProcessService.StartAsync("gateway", new Dictionary<string, string?>
        {
            ["Gateway:RateLimits:Updates:TokensPerSecond"] = "1",
            ["Gateway:RateLimits:Updates:Burst"] = "2",
            ["Gateway:RateLimits:Likes:TokensPerSecond"] = "1",
            ["Gateway:RateLimits:Likes:Burst"] = "1",
            ["ReverseProxy:Clusters:ingest:Destinations:d1:Address"] = Nowhere,
            ["ReverseProxy:Clusters:like-tracking:Destinations:d1:Address"] = Nowhere,
            ["ReverseProxy:Clusters:push-gateway:Destinations:d1:Address"] = Nowhere,
            ["ReverseProxy:Clusters:analytics:Destinations:d1:Address"] = Nowhere,
            // The buckets refill every second: the warm-up's background requests (tested on their own) would slow these
            // on a loaded machine until a token came back in between.
            ["WarmUp:Enabled"] = "false",
        }, builder => builder.AddApplicationServices(), app =>
        {
            // As gateway/Program.cs (without the SPA, which these tests do not need built).
            app.UseExceptionHandler();
            app.UseStatusCodePages();
            app.UseSecurityHeaders();
            app.UseRateLimiter();
            app.MapDefaultEndpoints();
            app.MapReverseProxy();
        });

    [Fact]
    public async Task A_client_over_the_updates_limit_gets_429_from_the_gateway_and_other_routes_still_proxy()
    {
        await using var gateway = await StartAsync();

        for (var i = 0; i < 2; i++)
        {
            using var proxied = await gateway.Http.GetAsync("/api/updates");
            Assert.Equal(HttpStatusCode.BadGateway, proxied.StatusCode);
        }
        var problem = await gateway.Http.ProblemAsync(new HttpRequestMessage(HttpMethod.Get, "/api/updates"), HttpStatusCode.TooManyRequests);
        Assert.Contains("Too many requests", problem.GetProperty("title").GetString(), StringComparison.OrdinalIgnoreCase);

        // Another policy, its own bucket: proxied (502 from the dead destination), not limited.
        using var likes = await gateway.Http.GetAsync("/api/tweets/1/likes");
        Assert.Equal(HttpStatusCode.BadGateway, likes.StatusCode);
        await gateway.Http.ProblemAsync(new HttpRequestMessage(HttpMethod.Get, "/api/tweets/1/likes"), HttpStatusCode.TooManyRequests);
    }
}
