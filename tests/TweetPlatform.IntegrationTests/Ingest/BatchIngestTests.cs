using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TweetPlatform.Contracts;
using TweetPlatform.IntegrationTests.Infrastructure;

namespace TweetPlatform.IntegrationTests.Ingest;

/// <summary>
/// <c>POST /api/tweets/batch</c> through the gateway: a valid batch is stored whole and delivered;
/// one invalid tweet refuses the whole batch with the index and field named, and nothing of it is stored.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class BatchIngestTests(PlatformFixture platform)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private HttpRequestMessage Batch(object[] tweets, string? secret = "use-the-platform's")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(platform.Gateway, "/api/tweets/batch")) { Content = JsonContent.Create(tweets) };
        if (secret is not null)
        {
            request.Headers.Add(TweetRequests.SecretHeader, secret == "use-the-platform's" ? platform.WebhookSecret : secret);
        }
        return request;
    }

    [Fact]
    public async Task A_valid_batch_is_accepted_whole_and_every_tweet_is_delivered_once_even_when_sent_twice()
    {
        var run = TweetRequests.UniqueId();
        await using var sse = await SseTestClient.ConnectAsync(new Uri(platform.Gateway, "/api/updates?conference=devoxx"));
        var tweets = Enumerable.Range(0, 300).Select(i => new { id = $"batch-{run}-{i}", text = $"Batch tweet {i} #devoxx", author = "bulk" }).ToArray<object>();
        using var http = new HttpClient();

        using var first = await http.SendAsync(Batch(tweets));
        using var again = await http.SendAsync(Batch(tweets)); // a retry after a lost answer

        foreach (var response in new[] { first, again })
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            var ids = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("ids").EnumerateArray().Select(e => e.GetString()).ToList();
            Assert.Equal(Enumerable.Range(0, 300).Select(i => $"batch-{run}-{i}"), ids);
        }
        var events = await sse.WaitForAsync(e => e.Count(m => TweetRequests.TweetIdOf(m)?.StartsWith($"batch-{run}-", StringComparison.Ordinal) == true) >= 300, Wait);
        var delivered = events.Select(TweetRequests.TweetIdOf).Where(id => id?.StartsWith($"batch-{run}-", StringComparison.Ordinal) == true).ToList();
        Assert.Equal(300, delivered.Distinct().Count());
        // Both answers were 202, so whatever the retry produced is in the topic already: each tweet is there once.
        var stored = KafkaTopicReader.ReadAll(platform.System.KafkaBootstrapServers, Topics.Tweets)
            .Count(m => m.Message.Key.StartsWith($"batch-{run}-", StringComparison.Ordinal));
        Assert.Equal(300, stored);
    }

    [Fact]
    public async Task One_invalid_tweet_refuses_the_whole_batch_naming_it_and_nothing_is_stored()
    {
        var run = TweetRequests.UniqueId();
        await using var sse = await SseTestClient.ConnectAsync(new Uri(platform.Gateway, "/api/updates?conference=devoxx"));
        using var http = new HttpClient();
        object[] tweets =
        [
            new { id = $"bad-{run}-0", text = "fine #devoxx", author = "a" },
            new { id = $"bad-{run}-1", text = "", author = "a" },
            new { id = $"bad-{run}-2", text = "fine too #devoxx", author = "a" },
        ];

        using var refused = await http.SendAsync(Batch(tweets));
        using var unauthenticated = await http.SendAsync(Batch(tweets, secret: null));
        using var empty = await http.SendAsync(Batch([]));
        using var marker = await http.SendAsync(TweetRequests.Tweet(platform.Gateway, platform.WebhookSecret, new { id = $"marker-{run}", text = "after #devoxx", author = "a" }));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.Equal(["[1].text"], errors.EnumerateObject().Select(p => p.Name));
        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        // The marker was sent after the batch: once it arrived, the batch would have too.
        await sse.WaitForEventAsync(m => TweetRequests.TweetIdOf(m) == $"marker-{run}", Wait);
        Assert.DoesNotContain(sse.Events, m => TweetRequests.TweetIdOf(m)?.StartsWith($"bad-{run}-", StringComparison.Ordinal) == true);
    }
}
