using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Confluent.Kafka;
using TweetPlatform.Contracts;
using TweetPlatform.IntegrationTests.Infrastructure;
using TweetPlatform.AppHost.Settings;

namespace TweetPlatform.IntegrationTests.EndToEnd;

/// <summary>
/// The system as the local run starts it: webhooks go in through the gateway, tweets come out of
/// /api/updates through the gateway, across real processes, a real Kafka-protocol broker and real SSE.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed partial class WebhookToSseTests(PlatformFixture platform) : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private readonly HttpClient _http = new();

    [GeneratedRegex(@"^1\.[A-Za-z0-9_-]+$")]
    private static partial Regex EventIdFormat();

    [Fact]
    public async Task Ifttt_webhook_through_the_gateway_arrives_as_an_sse_tweet_event()
    {
        await using var sse = await SseTestClient.ConnectAsync(new Uri(platform.Gateway, "/api/updates"));
        Assert.Equal("text/event-stream", sse.Response.Content.Headers.ContentType?.MediaType);
        var statusId = TweetRequests.UniqueId() + "123"; // beyond JavaScript's safe integers

        // A raw newline inside the text, as IFTTT sends it.
        using var response = await _http.SendAsync(TweetRequests.Ifttt(platform.Gateway, platform.WebhookSecret,
            TweetRequests.IftttBody(statusId, "Keynote at #JavaOne\nis <b>packed</b> #Kafka")));
        Assert.Equal(statusId, await TweetRequests.AcceptedIdAsync(response));

        var message = await sse.WaitForEventAsync(m => m.EventType == "tweet" && TweetRequests.TweetIdOf(m) == statusId, Wait);
        Assert.Matches(EventIdFormat(), message.Id);
        var tweet = TweetRequests.Json(message.Data);
        Assert.Equal("Keynote at #JavaOne\nis <b>packed</b> #Kafka", tweet.GetProperty("text").GetString());
        Assert.Equal("duke", tweet.GetProperty("author").GetString());
        Assert.Equal("javaone", tweet.GetProperty("conference").GetString());
        Assert.Equal(["javaone", "kafka"], tweet.GetProperty("hashtags").EnumerateArray().Select(h => h.GetString()));
        Assert.Equal(new DateTimeOffset(2017, 4, 17, 13, 39, 0, TimeSpan.Zero), tweet.GetProperty("createdAt").GetDateTimeOffset());
        Assert.Equal("ifttt", tweet.GetProperty("source").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.String, tweet.GetProperty("tweetId").ValueKind);
    }

    [Fact]
    public async Task Our_json_tweet_endpoint_accepts_and_delivers_with_the_senders_id()
    {
        await using var sse = await SseTestClient.ConnectAsync(new Uri(platform.Gateway, "/api/updates"));
        var id = "api-" + TweetRequests.UniqueId();
        using var response = await _http.SendAsync(TweetRequests.Tweet(platform.Gateway, platform.WebhookSecret,
            new { id, text = "Streams everywhere #kafkasummit", author = "ana", language = "en" }));
        Assert.Equal(id, await TweetRequests.AcceptedIdAsync(response));

        var message = await sse.WaitForEventAsync(m => TweetRequests.TweetIdOf(m) == id, Wait);
        var tweet = TweetRequests.Json(message.Data);
        Assert.Equal("kafkasummit", tweet.GetProperty("conference").GetString());
        Assert.Equal("api", tweet.GetProperty("source").GetString());
    }

    [Fact]
    public async Task A_resent_tweet_shows_up_once_downstream_even_when_it_reaches_kafka_twice()
    {
        await using var sse = await SseTestClient.ConnectAsync(new Uri(platform.Gateway, "/api/updates"));
        var statusId = TweetRequests.UniqueId();
        var body = TweetRequests.IftttBody(statusId, "Re-sent #devoxx");
        for (var i = 0; i < 2; i++)
        {
            using var response = await _http.SendAsync(TweetRequests.Ifttt(platform.Gateway, platform.WebhookSecret, body));
            Assert.Equal(statusId, await TweetRequests.AcceptedIdAsync(response));
        }
        var first = await sse.WaitForEventAsync(m => TweetRequests.TweetIdOf(m) == statusId, Wait);

        // A second copy produced straight to the topic (as a retried producer or a second ingest instance would).
        using (var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = platform.System.KafkaBootstrapServers }).Build())
        {
            await producer.ProduceAsync(Topics.Tweets, new Message<string, byte[]> { Key = statusId, Value = Encoding.UTF8.GetBytes(first.Data) });
        }
        var marker = TweetRequests.UniqueId();
        using (var response = await _http.SendAsync(TweetRequests.Ifttt(platform.Gateway, platform.WebhookSecret, TweetRequests.IftttBody(marker, "marker #qcon"))))
        {
            await TweetRequests.AcceptedIdAsync(response);
        }

        // Count only after the push gateway has handled both copies (ingest stored one, the test one):
        // their process spans prove it, so a missing duplicate is not just a late one.
        var events = await sse.WaitForAsync(list => list.Any(m => TweetRequests.TweetIdOf(m) == marker), Wait);
        await platform.Traces.WaitForSpansAsync(spans => spans.Count(s => s.ServiceName == ResourceNames.PushGateway
            && s.Name == $"process {Topics.Tweets}" && s.Attributes.GetValueOrDefault("messaging.kafka.message.key") == statusId) >= 2, Wait);
        Assert.Single(sse.Events, m => TweetRequests.TweetIdOf(m) == statusId);
        Assert.Contains(events, m => TweetRequests.TweetIdOf(m) == marker);
    }

    [Fact]
    public async Task Bad_input_gets_problem_details_and_loses_nothing_accepted_before_or_after()
    {
        await using var sse = await SseTestClient.ConnectAsync(new Uri(platform.Gateway, "/api/updates"));
        var before = TweetRequests.UniqueId();
        var after = TweetRequests.UniqueId();
        using (var ok = await _http.SendAsync(TweetRequests.Ifttt(platform.Gateway, platform.WebhookSecret, TweetRequests.IftttBody(before, "before #ndcporto"))))
        {
            await TweetRequests.AcceptedIdAsync(ok);
        }

        var secret = platform.WebhookSecret;
        await AssertProblemAsync(TweetRequests.RawTweet(platform.Gateway, secret, "{\"text\": \"unterminated"), HttpStatusCode.BadRequest, field: "text");
        await AssertProblemAsync(TweetRequests.RawTweet(platform.Gateway, secret, "{\"id\": 123, \"text\": \"x\", \"author\": \"y\"}"), HttpStatusCode.BadRequest, field: "id");
        await AssertProblemAsync(TweetRequests.RawTweet(platform.Gateway, secret, "{\"author\": \"y\"}"), HttpStatusCode.BadRequest, field: "text");
        await AssertProblemAsync(TweetRequests.RawTweet(platform.Gateway, secret, "[1, 2]"), HttpStatusCode.BadRequest, field: "$");
        await AssertProblemAsync(TweetRequests.RawTweet(platform.Gateway, secret, "{\"text\": \"" + new string('x', 70_000) + "\", \"author\": \"y\"}"), HttpStatusCode.RequestEntityTooLarge);
        await AssertProblemAsync(TweetRequests.RawTweet(platform.Gateway, secret, "<tweet/>", "application/xml"), HttpStatusCode.UnsupportedMediaType);
        await AssertProblemAsync(TweetRequests.RawTweet(platform.Gateway, secret: null, "{\"text\": \"x\", \"author\": \"y\"}"), HttpStatusCode.Unauthorized);
        await AssertProblemAsync(TweetRequests.RawTweet(platform.Gateway, "wrong-secret-of-enough-length", "{\"text\": \"x\", \"author\": \"y\"}"), HttpStatusCode.Unauthorized);
        await AssertProblemAsync(TweetRequests.Ifttt(platform.Gateway, secret,
            TweetRequests.IftttBody(TweetRequests.UniqueId(), "x").Replace("April 17, 2017 at 01:39PM", "yesterday-ish")), HttpStatusCode.BadRequest, field: "CreatedAt");

        using (var ok = await _http.SendAsync(TweetRequests.Ifttt(platform.Gateway, platform.WebhookSecret, TweetRequests.IftttBody(after, "after #ndcporto"))))
        {
            await TweetRequests.AcceptedIdAsync(ok);
        }
        await sse.WaitForAsync(list => list.Any(m => TweetRequests.TweetIdOf(m) == before) && list.Any(m => TweetRequests.TweetIdOf(m) == after), Wait);
        using var health = await _http.GetAsync(new Uri(platform.System.ServiceUrl(ResourceNames.Ingest), "/health"));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task An_idle_stream_gets_keep_alive_comments_through_the_gateway_unbuffered()
    {
        await using var sse = await SseTestClient.ConnectAsync(new Uri(platform.Gateway, "/api/updates"));
        Assert.Equal(3000, await WaitForRetryAsync(sse));
        await sse.WaitForCommentAsync(PlatformFixture.KeepAlive * 5);
        Assert.Contains("keep-alive", sse.Comments);
        Assert.True(sse.Response.Headers.CacheControl is { NoCache: true, NoTransform: true }, $"Cache-Control: {sse.Response.Headers.CacheControl}");
    }

    [Fact]
    public async Task Every_push_gateway_instance_receives_every_tweet()
    {
        var replicas = platform.System.Replicas(ResourceNames.PushGateway);
        Assert.Equal(2, replicas.Count);
        await using var viaGateway = await SseTestClient.ConnectAsync(new Uri(platform.Gateway, "/api/updates"));
        // Straight to each instance, bypassing the gateway and DCP's endpoint.
        await using var first = await SseTestClient.ConnectAsync(new Uri(platform.System.ReplicaUrl(replicas[0]), "/api/updates"));
        await using var second = await SseTestClient.ConnectAsync(new Uri(platform.System.ReplicaUrl(replicas[1]), "/api/updates"));
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var id = TweetRequests.UniqueId();
            ids.Add(id);
            using var response = await _http.SendAsync(TweetRequests.Ifttt(platform.Gateway, platform.WebhookSecret, TweetRequests.IftttBody(id, $"fan-out {i} #javaone")));
            await TweetRequests.AcceptedIdAsync(response);
        }
        foreach (var client in new[] { viaGateway, first, second })
        {
            await client.WaitForAsync(list => ids.All(id => list.Any(m => TweetRequests.TweetIdOf(m) == id)), Wait);
        }
        
    }

    [Fact]
    public async Task A_poison_message_is_dead_lettered_with_its_reason_and_the_stream_goes_on()
    {
        await using var sse = await SseTestClient.ConnectAsync(new Uri(platform.Gateway, "/api/updates"));
        var poisonKey = "poison-" + TweetRequests.UniqueId();
        var config = new ProducerConfig { BootstrapServers = platform.System.KafkaBootstrapServers };
        using (var producer = new ProducerBuilder<string, byte[]>(config).Build())
        {
            await producer.ProduceAsync(Topics.Tweets, new Message<string, byte[]> { Key = poisonKey, Value = "{not json"u8.ToArray() });
        }
        var good = TweetRequests.UniqueId();
        using (var response = await _http.SendAsync(TweetRequests.Ifttt(platform.Gateway, platform.WebhookSecret, TweetRequests.IftttBody(good, "still flowing #devoxx"))))
        {
            await TweetRequests.AcceptedIdAsync(response);
        }
        await sse.WaitForEventAsync(m => TweetRequests.TweetIdOf(m) == good, Wait);

        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = platform.System.KafkaBootstrapServers,
            GroupId = "test-dlq-" + Guid.NewGuid(),
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
        }).Build();
        consumer.Subscribe(Topics.DeadLetter);
        var deadline = DateTime.UtcNow + Wait;
        ConsumeResult<string, byte[]>? dead = null;
        while (dead is null && DateTime.UtcNow < deadline)
        {
            try
            {
                var result = consumer.Consume(TimeSpan.FromMilliseconds(500));
                if (result?.Message?.Key == poisonKey)
                {
                    dead = result;
                }
            }
            catch (ConsumeException)
            {
                // The topic may not be known to this new consumer yet.
            }
        }
        consumer.Close();
        Assert.NotNull(dead);
        Assert.Equal("{not json", Encoding.UTF8.GetString(dead.Message.Value));
        Assert.Equal(Topics.Tweets, Encoding.UTF8.GetString(dead.Message.Headers.GetLastBytes("dlq.source.topic")));
        Assert.False(string.IsNullOrWhiteSpace(Encoding.UTF8.GetString(dead.Message.Headers.GetLastBytes("dlq.reason"))));
    }

    private async Task AssertProblemAsync(HttpRequestMessage request, HttpStatusCode expected, string? field = null)
    {
        using (request)
        using (var response = await _http.SendAsync(request))
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(expected == response.StatusCode, $"Expected {(int)expected}, got {(int)response.StatusCode}: {body}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = TweetRequests.Json(body);
            Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
            if (field is not null)
            {
                Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"No error for field '{field}' in {body}");
            }
        }
    }

    private static async Task<int?> WaitForRetryAsync(SseTestClient sse)
    {
        await sse.WaitForCommentAsync(TimeSpan.FromSeconds(10));
        return sse.RetryMilliseconds;
    }

    public void Dispose() => _http.Dispose();
}
