using System.Net;
using Confluent.Kafka;
using TweetPlatform.Contracts;
using TweetPlatform.Contracts.Events;
using TweetPlatform.EmbeddedKafka;
using TweetPlatform.IntegrationTests.Infrastructure;
using TweetPlatform.Hosting;

namespace TweetPlatform.IntegrationTests.LikeTracking;

/// <summary>The like-tracking service on its own against the embedded broker: per-viewer rate limits.</summary>
public sealed class ViewerRateLimitTests : IAsyncLifetime
{
    private MockKafkaCluster _kafka = null!;
    private ChildProcess _service = null!;
    private Uri _url = null!;
    private readonly HttpClient _http = new();
    private readonly string _tweetId = "rl-" + TweetRequests.UniqueId();

    public async Task InitializeAsync()
    {
        _kafka = MockKafkaCluster.Start();
        // The tweet arrives the way ingest sends it: keyed by id with Kafka's default partitioner.
        using (var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig
        {
            BootstrapServers = _kafka.BootstrapServers,
            Partitioner = Partitioner.Murmur2Random,
        }).Build())
        {
            var tweet = new TweetReceived
            {
                TweetId = _tweetId, Text = "rate me", Author = "a", CreatedAt = DateTimeOffset.UtcNow,
                ReceivedAt = DateTimeOffset.UtcNow, Source = "api",
            };
            await producer.ProduceAsync(Topics.Tweets, new Message<string, byte[]>
            {
                Key = _tweetId,
                Value = IntegrationEvents.TweetReceived.Serialize(tweet),
            });
        }
        (_service, _url) = await ServiceProcess.StartAsync("like-tracking", "TweetPlatform.LikeTracking", new Dictionary<string, string>
        {
            ["ConnectionStrings__kafka"] = _kafka.BootstrapServers,
            ["LikeTracking__ViewerTokensPerSecond"] = "1",
            ["LikeTracking__ViewerBurst"] = "3",
        });
    }

    [Fact]
    public async Task A_viewer_over_its_limit_gets_429_with_retry_after_while_other_viewers_go_on()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await LikeAsync("viewer-busy-0001");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.NotNull(response.Headers.RetryAfter?.Delta);
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);

        using var other = await LikeAsync("viewer-calm-0002");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    private Task<HttpResponseMessage> LikeAsync(string viewer)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_url, $"/api/tweets/{_tweetId}/likes"));
        request.Headers.Add("X-Viewer-Id", viewer);
        return _http.SendAsync(request);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _service.DisposeAsync();
        _kafka.Dispose();
    }
}
