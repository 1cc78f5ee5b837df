using System.Net;
using Confluent.Kafka;
using TweetPlatform.Contracts;
using TweetPlatform.EmbeddedKafka;
using TweetPlatform.IntegrationTests.Infrastructure;
using TweetPlatform.Hosting;

namespace TweetPlatform.IntegrationTests.Ingest;

/// <summary>
/// Ingest never claims a tweet Kafka did not store: with the broker down it answers 503 with
/// Retry-After, reports unhealthy, and recovers when the broker is back.
/// </summary>
public sealed class BrokerOutageTests : IAsyncLifetime
{
    private const string Secret = "outage-test-secret-0123456789";
    private MockKafkaCluster _kafka = null!;
    private ChildProcess _ingest = null!;
    private Uri _url = null!;
    private readonly HttpClient _http = new();

    public async Task InitializeAsync()
    {
        _kafka = MockKafkaCluster.Start();
        (_ingest, _url) = await ServiceProcess.StartAsync("ingest", "TweetPlatform.Ingest", new Dictionary<string, string>
        {
            ["ConnectionStrings__kafka"] = _kafka.BootstrapServers,
            ["Ingest__WebhookSecret"] = Secret,
            ["Ingest__RetryAfterSeconds"] = "7",
            // Fail fast while the broker is down so the test does not wait the production default.
            ["Aspire__Confluent__Kafka__Producer__Config__MessageTimeoutMs"] = "1500",
        });
    }

    [Fact]
    public async Task With_the_broker_down_ingest_answers_503_stores_nothing_and_recovers()
    {
        var stored = TweetRequests.UniqueId();
        using (var ok = await _http.SendAsync(TweetRequests.Tweet(_url, Secret, new { id = stored, text = "before #qcon", author = "a" })))
        {
            Assert.Equal(stored, await TweetRequests.AcceptedIdAsync(ok));
        }

        _kafka.SetBrokerDown(1);
        var refused = TweetRequests.UniqueId();
        using (var down = await _http.SendAsync(TweetRequests.Tweet(_url, Secret, new { id = refused, text = "during #qcon", author = "a" })))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(7), down.Headers.RetryAfter?.Delta);
            Assert.Equal("application/problem+json", down.Content.Headers.ContentType?.MediaType);
        }
        await EventuallyAsync(async () =>
        {
            using var health = await _http.GetAsync(new Uri(_url, "/health"));
            return health.StatusCode == HttpStatusCode.ServiceUnavailable;
        }, "ingest /health reports the outage");

        _kafka.SetBrokerUp(1);
        // What a webhook sender does with Retry-After: try again until it is taken.
        var after = TweetRequests.UniqueId();
        await EventuallyAsync(async () =>
        {
            using var response = await _http.SendAsync(TweetRequests.Tweet(_url, Secret, new { id = after, text = "after #qcon", author = "a" }));
            return response.StatusCode == HttpStatusCode.Accepted;
        }, "ingest accepts again once the broker is back");

        var keys = KafkaTopicReader.ReadAll(_kafka.BootstrapServers, Topics.Tweets).Select(m => m.Message.Key).ToList();
        Assert.Contains(stored, keys);
        Assert.Contains(after, keys);
        // The 503 was honest: the broker was unreachable, so nothing of that request was stored.
        Assert.DoesNotContain(refused, keys);
    }

    private static Task EventuallyAsync(Func<Task<bool>> condition, string what) =>
        Eventually.TrueAsync(condition, what, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(250));

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _ingest.DisposeAsync();
        _kafka.Dispose();
    }
}
