using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using TweetPlatform.LikeTracking.Apis;
using TweetPlatform.LikeTracking.Extensions;

namespace TweetPlatform.UnitTests.Apis;

/// <summary>
/// Like-tracking's API in-process: 400 for a missing or malformed viewer id or tweet id (the field named), 429 with
/// Retry-After for a viewer over its limit, while another viewer goes on.
/// </summary>
public sealed class LikesApiTests(LikesApiTests.Service likeTracking) : IClassFixture<LikesApiTests.Service>
{
    private const int Burst = 5;

    /// <summary>One instance for the class: a host with Kafka clients takes seconds to stop without a broker.</summary>
    public sealed class Service : IAsyncLifetime
    {
        public InProcessService Instance { get; private set; } = null!;

        public async Task InitializeAsync() =>
            Instance = await InProcessService.StartAsync("services/LikeTracking", new Dictionary<string, string?>
            {
                ["LikeTracking:ViewerTokensPerSecond"] = "1",
                ["LikeTracking:ViewerBurst"] = Burst.ToString(System.Globalization.CultureInfo.InvariantCulture),
            }, builder => builder.AddApplicationServices(), app =>
            {
                // As services/LikeTracking/Program.cs.
                app.UseExceptionHandler();
                app.UseStatusCodePages();
                app.UseRateLimiter();
                app.MapDefaultEndpoints();
                app.MapLikesApi();
            });

        public async Task DisposeAsync() => await Instance.DisposeAsync();
    }

    private HttpClient Http => likeTracking.Instance.Http;

    private static HttpRequestMessage Like(string tweetId, string? viewer)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/tweets/{tweetId}/likes");
        if (viewer is not null)
        {
            request.Headers.Add("X-Viewer-Id", viewer);
        }
        return request;
    }

    [Theory]
    [InlineData(null)]
    [InlineData("short")]
    [InlineData("has spaces in it")]
    public async Task A_like_without_a_valid_viewer_id_gets_400_naming_the_header(string? viewer)
    {
        var problem = await Http.ProblemAsync(Like("1234567890", viewer), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("X-Viewer-Id", out _), problem.ToString());
    }

    [Fact]
    public async Task A_like_of_a_malformed_tweet_id_gets_400_naming_it()
    {
        var problem = await Http.ProblemAsync(Like("not%20an%20id", "viewer-api-0001"), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("tweetId", out _), problem.ToString());
    }

    [Fact]
    public async Task A_viewer_over_its_limit_gets_429_while_another_viewer_goes_on()
    {
        // The limit counts requests before anything else is checked, so malformed ones (400) use it up too.
        for (var i = 0; i < Burst; i++)
        {
            await Http.ProblemAsync(Like("not%20an%20id", "viewer-api-busy"), HttpStatusCode.BadRequest);
        }
        await Http.ProblemAsync(Like("not%20an%20id", "viewer-api-busy"), HttpStatusCode.TooManyRequests);
        await Http.ProblemAsync(Like("not%20an%20id", "viewer-api-idle"), HttpStatusCode.BadRequest);
    }
}
