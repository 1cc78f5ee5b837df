using System.Net;
using System.Net.Http.Json;
using TweetPlatform.Contracts;
using TweetPlatform.Contracts.Events;
using TweetPlatform.EventBus;
using TweetPlatform.Kafka;

namespace TweetPlatform.IntegrationTests.Infrastructure;

/// <summary>Live queries through the gateway's API, and their results as the results topic has them.</summary>
public sealed class LiveQueryClient(PlatformFixture platform) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = platform.Gateway };

    public HttpClient Http => _http;

    public HttpRequestMessage CreateRequest(string name, string sql, string? secret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/queries") { Content = JsonContent.Create(new { name, sql }) };
        if (secret is not null)
        {
            request.Headers.Add("X-Operator-Secret", secret);
        }
        return request;
    }

    public async Task<string> CreateAsync(string name, string sql)
    {
        using var created = await _http.SendAsync(CreateRequest(name, sql, platform.System.OperatorSecret));
        var body = await created.Content.ReadAsStringAsync();
        Assert.True(created.StatusCode == HttpStatusCode.Created, $"{created.StatusCode}: {body}");
        var id = TweetRequests.Json(body).GetProperty("id").GetString()!;
        Assert.Matches("^q-[0-9a-f]{12}$", id);
        Assert.EndsWith($"/api/queries/{id}", created.Headers.Location?.ToString());
        return id;
    }

    public async Task<HttpStatusCode> DeleteAsync(string id)
    {
        using var delete = new HttpRequestMessage(HttpMethod.Delete, $"/api/queries/{id}");
        delete.Headers.Add("X-Operator-Secret", platform.System.OperatorSecret);
        using var response = await _http.SendAsync(delete);
        return response.StatusCode;
    }

    /// <summary>
    /// Every router instance learns a query from the topic on its own. The query must count tweets per hashtag (its first
    /// two columns) where the conference or author is <paramref name="scope"/>: a round of probe tweets, one on each
    /// tweets partition (hashtag probeN), all counted, shows that every instance routes the query's input.
    /// </summary>
    public async Task WaitUntilRunningEverywhereAsync(AnalyticsInput input, string id, string scope, TimeSpan timeout)
    {
        var round = 0;
        await Eventually.HoldsAsync(async () =>
        {
            var hashtag = $"probe{round++}";
            var ids = Enumerable.Range(0, 10_000).Select(i => $"probe-{scope}-{hashtag}-{i}")
                .GroupBy(tweetId => KeyPartitioner.PartitionFor(tweetId, Topics.DefaultPartitions)).Select(g => g.First()).ToList();
            foreach (var tweetId in ids)
            {
                await input.SendAsync(AnalyticsInput.Tweet(tweetId, scope, DateTimeOffset.UtcNow, hashtag) with { Author = scope });
            }
            var deadline = DateTimeOffset.UtcNow.AddSeconds(3);
            while (DateTimeOffset.UtcNow < deadline)
            {
                if (LatestResult(id) is { } result && result.Rows.Any(r => r[0].GetString() == hashtag && r[1].GetDouble() == ids.Count))
                {
                    return null;
                }
                await Task.Delay(200);
            }
            return $"round {hashtag} not all counted";
        }, timeout, TimeSpan.FromMilliseconds(100));
    }

    public LiveQueryResultChanged? LatestResult(string id) =>
        KafkaTopicReader.ReadAll(platform.System.KafkaBootstrapServers, Topics.LiveQueryResults)
            .Where(m => m.Message.Key == id)
            .Select(m => EventSerializer.Deserialize(m.Message.Value, EventJsonContext.Default.LiveQueryResultChanged))
            .LastOrDefault();

    public void Dispose() => _http.Dispose();
}
