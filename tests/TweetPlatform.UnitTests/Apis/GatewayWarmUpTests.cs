using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TweetPlatform.Gateway.Extensions;
using TweetPlatform.Gateway.WarmUp;

namespace TweetPlatform.UnitTests.Apis;

/// <summary>
/// The gateway warms its proxy before it reports ready: every route's request, without credentials, reaches every
/// destination as many rounds as configured, under a trace context that is not sampled, through its own server (on a real socket), a streamed answer is cut
/// off after its start, no client's rate-limit bucket is spent, and a warm-up that hangs holds readiness back only until its timeout.
/// </summary>
public sealed class GatewayWarmUpTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    /// <summary>Every service behind the gateway at once, on a real port: records what reaches it.</summary>
    private sealed class Destination : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private Destination(WebApplication app) => _app = app;

        public ConcurrentQueue<string> Requests { get; } = new();
        public ConcurrentQueue<string> TraceParents { get; } = new();
        public int StreamsCutOff;
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public bool HoldTweets { get; init; }
        public string Address => _app.Urls.First();

        public static async Task<Destination> StartAsync(bool holdTweets = false)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var destination = new Destination(app) { HoldTweets = holdTweets };
            app.Run(async context =>
            {
                var secret = context.Request.Headers.ContainsKey("X-Webhook-Secret") ? " with secret" : "";
                destination.Requests.Enqueue($"{context.Request.Method} {context.Request.Path}{secret}");
                destination.TraceParents.Enqueue(context.Request.Headers.TraceParent.ToString());
                if (context.Request.Path == "/api/updates")
                {
                    context.Response.ContentType = "text/event-stream";
                    await context.Response.WriteAsync("event: snapshot\ndata: {}\n\n");
                    await context.Response.Body.FlushAsync();
                    try
                    {
                        await Task.Delay(Timeout.Infinite, context.RequestAborted);
                    }
                    catch (OperationCanceledException)
                    {
                        Interlocked.Increment(ref destination.StreamsCutOff);
                    }
                    return;
                }
                if (destination.HoldTweets && context.Request.Path == "/api/tweets")
                {
                    await destination.Release.Task.WaitAsync(context.RequestAborted);
                }
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            });
            await app.StartAsync();
            return destination;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }

    private static Task<InProcessService> StartGatewayAsync(Destination destination, int rounds, string timeout = "00:00:20") =>
        InProcessService.StartAsync("gateway", new Dictionary<string, string?>
        {
            ["WarmUp:Rounds"] = rounds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["WarmUp:Timeout"] = timeout,
            ["Gateway:RateLimits:Updates:TokensPerSecond"] = "1",
            ["Gateway:RateLimits:Updates:Burst"] = "2",
            ["Gateway:RateLimits:Ingest:TokensPerSecond"] = "1",
            ["Gateway:RateLimits:Ingest:Burst"] = "1",
            ["ReverseProxy:Clusters:ingest:Destinations:d1:Address"] = destination.Address,
            ["ReverseProxy:Clusters:like-tracking:Destinations:d1:Address"] = destination.Address,
            ["ReverseProxy:Clusters:push-gateway:Destinations:d1:Address"] = destination.Address,
        }, builder => builder.AddApplicationServices(), app =>
        {
            app.UseRateLimiter();
            app.MapDefaultEndpoints();
            app.MapReverseProxy();
        }, onSockets: true);

    private static async Task<HttpStatusCode> HealthAsync(InProcessService gateway)
    {
        using var response = await gateway.Http.GetAsync("/health");
        return response.StatusCode;
    }

    private static async Task UntilHealthyAsync(InProcessService gateway)
    {
        using var deadline = new CancellationTokenSource(Wait);
        while (await HealthAsync(gateway) != HttpStatusCode.OK)
        {
            await Task.Delay(50, deadline.Token);
        }
    }

    [Fact]
    public async Task Before_it_is_ready_every_route_reached_every_destination_each_round_without_credentials_and_no_bucket_was_spent()
    {
        await using var destination = await Destination.StartAsync();
        await using var gateway = await StartGatewayAsync(destination, rounds: 3);

        await UntilHealthyAsync(gateway);

        var byRequest = destination.Requests.GroupBy(r => r).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<string, int>
        {
            ["POST /api/tweets"] = 3,
            ["POST /api/tweets/batch"] = 3,
            ["GET /api/webhooks/warm-up"] = 3,
            ["GET /api/tweets/warm-up/likes"] = 3,
            ["GET /api/updates"] = 3,
        }, byRequest);
        await WaitUntilAsync(() => Volatile.Read(ref destination.StreamsCutOff) == 3);
        // Each carries a trace context that is not sampled (flags 00), so no service records a trace of it.
        Assert.All(destination.TraceParents, traceParent => Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-00$", traceParent));

        // The buckets are whole: a burst of 1 tweet and 2 streams is proxied, the next request of each is limited.
        using var tweet = await gateway.Http.PostAsync("/api/tweets", new StringContent("{}"));
        Assert.Equal(HttpStatusCode.Unauthorized, tweet.StatusCode);
        using var limited = await gateway.Http.PostAsync("/api/tweets", new StringContent("{}"));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        // A client cannot claim to be the warm-up: the mark is a token only the process knows.
        using var claimed = new HttpRequestMessage(HttpMethod.Post, "/api/tweets") { Content = new StringContent("{}") };
        claimed.Headers.Add("X-Warm-Up", "00");
        using var stillLimited = await gateway.Http.SendAsync(claimed);
        Assert.Equal(HttpStatusCode.TooManyRequests, stillLimited.StatusCode);
    }

    [Fact]
    public async Task It_is_not_ready_while_warming_up_and_a_warm_up_that_hangs_holds_it_back_only_until_the_timeout()
    {
        await using var destination = await Destination.StartAsync(holdTweets: true);
        await using var gateway = await StartGatewayAsync(destination, rounds: 1, timeout: "00:00:03");

        await WaitUntilAsync(() => destination.Requests.Contains("POST /api/tweets"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await HealthAsync(gateway));

        await UntilHealthyAsync(gateway);
        Assert.Contains("POST /api/tweets", destination.Requests);
    }

    [Theory]
    [InlineData("/api/tweets/{tweetId}/likes", "/api/tweets/warm-up/likes")]
    [InlineData("/api/webhooks/{**rest}", "/api/webhooks/warm-up")]
    [InlineData("/api/updates", "/api/updates")]
    public void A_route_template_becomes_a_concrete_path(string template, string path) =>
        Assert.Equal(path, GatewayWarmUp.SamplePath(template));

    [Theory]
    [InlineData("GET|POST|DELETE", "GET")]
    [InlineData("POST", "POST")]
    [InlineData("", "GET")]
    public void A_read_is_preferred(string methods, string expected) =>
        Assert.Equal(expected, GatewayWarmUp.SampleMethod(methods.Split('|', StringSplitOptions.RemoveEmptyEntries)));

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var deadline = new CancellationTokenSource(Wait);
        while (!condition())
        {
            await Task.Delay(20, deadline.Token);
        }
    }
}
