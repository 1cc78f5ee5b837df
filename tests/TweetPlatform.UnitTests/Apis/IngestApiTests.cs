using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using TweetPlatform.Ingest.Apis;
using TweetPlatform.Ingest.Extensions;

namespace TweetPlatform.UnitTests.Apis;

/// <summary>
/// Ingest's API in-process (ASP.NET Core's TestServer, the pipeline of its Program.cs), every refusal it gives:
/// 401 without the secret, 415 for another content type, 413 over the size limit, 400 for malformed or invalid
/// tweets and batches (RFC 7807, the field named), 503 with Retry-After when Kafka cannot take a tweet.
/// No broker runs: nothing here gets as far as storing a tweet, and the 503 is that unreachable broker.
/// </summary>
public sealed class IngestApiTests : IAsyncLifetime
{
    private const string Secret = "api-test-secret-0123456789";
    private InProcessService _ingest = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _ingest = await InProcessService.StartAsync("services/Ingest", new Dictionary<string, string?>
        {
            ["Aspire:Confluent:Kafka:Producer:Config:MessageTimeoutMs"] = "1000",
            ["Ingest:WebhookSecret"] = Secret,
            ["Ingest:MaxBodyBytes"] = "2048",
            ["Ingest:MaxBatchSize"] = "3",
            ["Ingest:RetryAfterSeconds"] = "7",
        }, builder => builder.AddApplicationServices(), app =>
        {
            // As services/Ingest/Program.cs.
            app.UseExceptionHandler();
            app.UseStatusCodePages();
            app.MapDefaultEndpoints();
            app.MapTweetIngestApi();
        });
        _http = _ingest.Http;
    }

    public async Task DisposeAsync() => await _ingest.DisposeAsync();

    private static HttpRequestMessage Post(string path, string body, string contentType = "application/json", string? secret = Secret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        if (secret is not null)
        {
            request.Headers.Add("X-Webhook-Secret", secret);
        }
        return request;
    }

    private Task<JsonElement> ProblemAsync(HttpRequestMessage request, HttpStatusCode expected) => _http.ProblemAsync(request, expected);

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-secret")]
    public async Task Without_the_webhook_secret_a_tweet_gets_401(string? secret) =>
        await ProblemAsync(Post("/api/tweets", """{"text":"hi #kubecon","author":"ana"}""", secret: secret), HttpStatusCode.Unauthorized);

    [Fact]
    public async Task Another_content_type_gets_415_naming_the_accepted_one()
    {
        var problem = await ProblemAsync(Post("/api/tweets", """{"text":"hi","author":"ana"}""", "text/plain"), HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("application/json", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_body_over_the_limit_gets_413() =>
        await ProblemAsync(Post("/api/tweets", $$"""{"text":"{{new string('x', 4_000)}}","author":"ana"}"""), HttpStatusCode.RequestEntityTooLarge);

    [Theory]
    [InlineData("""{"text":"unterminated""")]
    [InlineData("""[1,2,3]""")]
    public async Task Malformed_json_gets_400(string body) =>
        await ProblemAsync(Post("/api/tweets", body), HttpStatusCode.BadRequest);

    [Fact]
    public async Task An_invalid_tweet_gets_400_naming_the_field()
    {
        var problem = await ProblemAsync(Post("/api/tweets", """{"author":"ana"}"""), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("text", out _), problem.ToString());
    }

    [Fact]
    public async Task A_batch_over_its_size_gets_400_and_nothing_of_it_is_stored()
    {
        var tweets = Enumerable.Range(0, 4).Select(i => new { text = $"tweet {i} #kubecon", author = "ana" });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/tweets/batch") { Content = JsonContent.Create(tweets) };
        request.Headers.Add("X-Webhook-Secret", Secret);
        var problem = await ProblemAsync(request, HttpStatusCode.BadRequest);
        Assert.Contains("1 to 3 tweets", problem.GetProperty("errors").GetProperty("$")[0].GetString());
    }

    [Fact]
    public async Task An_invalid_tweet_in_a_batch_gets_400_naming_its_index()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/tweets/batch")
        {
            Content = new StringContent("""[{"text":"fine #kubecon","author":"ana"},{"author":"ana"}]""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Webhook-Secret", Secret);
        var problem = await ProblemAsync(request, HttpStatusCode.BadRequest);
        Assert.Contains(problem.GetProperty("errors").EnumerateObject(), e => e.Name.StartsWith("[1]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_tweet_kafka_cannot_take_gets_503_with_retry_after()
    {
        using var request = Post("/api/tweets", """{"text":"hi #kubecon","author":"ana"}""");
        using var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
