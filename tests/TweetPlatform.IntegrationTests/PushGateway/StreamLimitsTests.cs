using System.Net;
using System.Net.Http.Headers;
using TweetPlatform.IntegrationTests.Infrastructure;
using TweetPlatform.AppHost.Settings;

namespace TweetPlatform.IntegrationTests.PushGateway;

/// <summary>
/// Limits and liveness of the stream endpoint: caps per client address (429) and per instance (503),
/// both with Retry-After; the address behind the YARP gateway comes from X-Forwarded-For; a graceful
/// shutdown ends every stream with a spread-out retry hint.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class StreamLimitsTests(PlatformFixture platform)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private static async Task<HttpResponseMessage> OpenAsync(HttpClient http, Uri server, string? forwardedFor = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server, "/api/updates"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }
        return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    [Fact]
    public async Task Streams_beyond_the_per_address_and_per_instance_caps_are_refused_with_a_retry_hint()
    {
        var (instance, url) = await platform.System.StartAdditionalInstanceAsync(ResourceNames.PushGateway, new Dictionary<string, string>
        {
            ["PushGateway__MaxConnectionsPerAddress"] = "2",
            ["PushGateway__MaxConnections"] = "3",
        });
        await using (instance)
        {
            using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            using var first = await OpenAsync(http, url);
            using var second = await OpenAsync(http, url);
            using var thirdFromSameAddress = await OpenAsync(http, url);
            // Through a proxy on loopback the client's own address counts, not the proxy's.
            using var fromAnotherClient = await OpenAsync(http, url, forwardedFor: "203.0.113.7");
            using var overInstanceCap = await OpenAsync(http, url, forwardedFor: "203.0.113.8");

            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.Equal(HttpStatusCode.OK, second.StatusCode);
            Assert.Equal(HttpStatusCode.TooManyRequests, thirdFromSameAddress.StatusCode);
            Assert.Equal("application/problem+json", thirdFromSameAddress.Content.Headers.ContentType?.MediaType);
            Assert.NotNull(thirdFromSameAddress.Headers.RetryAfter);
            Assert.Equal(HttpStatusCode.OK, fromAnotherClient.StatusCode);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, overInstanceCap.StatusCode);
            Assert.NotNull(overInstanceCap.Headers.RetryAfter);

            // A closed stream frees its place.
            first.Dispose();
            await EventuallyOkAsync(http, url);
        }
    }

    [Fact]
    public async Task A_graceful_shutdown_ends_every_stream_with_a_spread_out_retry_hint()
    {
        var (instance, url) = await platform.System.StartAdditionalInstanceAsync(ResourceNames.PushGateway);
        await using (instance)
        {
            await using var client = await SseTestClient.ConnectAsync(new Uri(url, "/api/updates"));
            await client.WaitForEventAsync(e => e.EventType == "snapshot", Wait);
            var initialRetry = client.RetryMilliseconds;

            await instance.StopAsync(TimeSpan.FromSeconds(10));

            await client.WaitForEndAsync(Wait);
            Assert.Equal(0, instance.ExitCode);
            Assert.NotNull(initialRetry);
            Assert.InRange(client.RetryMilliseconds!.Value, initialRetry!.Value, initialRetry.Value * 3);
        }
    }

    private static Task EventuallyOkAsync(HttpClient http, Uri url) =>
        Eventually.HoldsAsync(async () =>
        {
            using var response = await OpenAsync(http, url);
            return response.StatusCode == HttpStatusCode.OK ? null : $"still {response.StatusCode}";
        }, Wait, TimeSpan.FromMilliseconds(100));
}
