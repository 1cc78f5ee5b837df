using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TweetPlatform.AppHost.Settings;
using TweetPlatform.Contracts;
using TweetPlatform.Contracts.Events;
using TweetPlatform.EventBus;
using TweetPlatform.IntegrationTests.Infrastructure;
using TweetPlatform.Kafka;

namespace TweetPlatform.IntegrationTests.LiveQueries;

/// <summary>
/// Live queries on the running system, through the gateway: the API's answers (bad SQL, no secret, created, listed,
/// deleted), results on the results topic and in browsers as <c>query-result</c> events, and exact results when an
/// analytics instance is killed mid-stream while the other one runs.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class LiveQueryTests(PlatformFixture platform)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_query_is_refused_with_its_error_position_or_without_the_secret_and_once_created_its_result_follows_the_tweets()
    {
        using var http = new HttpClient { BaseAddress = platform.Gateway };
        var conference = "lq" + Guid.NewGuid().ToString("N")[..10];

        var bad = await http.SendAsync(Create("bad", "SELECT COUNT(*) FORM tweets"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        var problem = TweetRequests.Json(await bad.Content.ReadAsStringAsync());
        Assert.Equal(1, problem.GetProperty("line").GetInt32());
        Assert.Equal(17, problem.GetProperty("column").GetInt32());
        Assert.Contains("FROM", problem.GetProperty("detail").GetString());

        var sql = $"SELECT hashtag, COUNT(*) AS tweets FROM tweets WHERE conference = '{conference}' GROUP BY hashtag";
        var unauthorized = await http.SendAsync(Create("no secret", sql, secret: null));
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);

        var id = await CreateAsync(http, "hashtags of " + conference, sql);
        Assert.Contains((await http.GetFromJsonAsync<JsonElement>("/api/queries")).EnumerateArray(), q => q.GetProperty("id").GetString() == id);

        await using var sse = await SseTestClient.ConnectAsync(new Uri(platform.Gateway, $"/api/updates?query={id}"));
        using var input = new AnalyticsInput(platform.System.KafkaBootstrapServers);
        await WaitUntilRunningEverywhereAsync(input, id, conference);
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < 5; i++)
        {
            await input.SendAsync(AnalyticsInput.Tweet($"lq-{conference}-{i}", conference, now, "kafka", i % 2 == 0 ? "dotnet" : "streams"));
        }

        var result = await sse.WaitForEventAsync(m => m.EventType == "query-result" && Counts(TweetRequests.Json(m.Data)) is var counts
            && counts.GetValueOrDefault("kafka") == 5 && counts.GetValueOrDefault("dotnet") == 3 && counts.GetValueOrDefault("streams") == 2, Wait);
        var json = TweetRequests.Json(result.Data);
        Assert.Equal(id, json.GetProperty("queryId").GetString());
        Assert.Equal("running", json.GetProperty("status").GetString());
        Assert.Equal(["hashtag", "tweets"], json.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()));

        // A second browser gets the current result in its snapshot; one that did not ask for the query gets none of it.
        await using var late = await SseTestClient.ConnectAsync(new Uri(platform.Gateway, $"/api/updates?query={id}"));
        var snapshot = await late.WaitForEventAsync(m => m.EventType == "snapshot", Wait);
        Assert.Contains(TweetRequests.Json(snapshot.Data).GetProperty("queryResults").EnumerateArray(), r => r.GetProperty("queryId").GetString() == id
            && Counts(r).GetValueOrDefault("kafka") == 5);

        var delete = new HttpRequestMessage(HttpMethod.Delete, $"/api/queries/{id}");
        delete.Headers.Add("X-Operator-Secret", platform.System.OperatorSecret);
        Assert.Equal(HttpStatusCode.NoContent, (await http.SendAsync(delete)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/api/queries/{id}")).StatusCode);
        await sse.WaitForEventAsync(m => m.EventType == "query-result" && TweetRequests.Json(m.Data).GetProperty("status").GetString() == "deleted", Wait);
    }

    [Fact]
    public async Task A_query_result_is_exact_after_an_analytics_instance_is_killed_mid_stream()
    {
        using var http = new HttpClient { BaseAddress = platform.Gateway };
        var conference = "lk" + Guid.NewGuid().ToString("N")[..10];
        var id = await CreateAsync(http, "kill " + conference,
            $"SELECT hashtag, COUNT(*) AS tweets, COUNT_DISTINCT(author) AS authors FROM tweets WHERE conference = '{conference}' GROUP BY hashtag");
        using var input = new AnalyticsInput(platform.System.KafkaBootstrapServers);
        await WaitUntilRunningEverywhereAsync(input, id, conference);

        var random = new Random(4321);
        var start = DateTimeOffset.UtcNow.AddSeconds(-20);
        var tweets = Enumerable.Range(0, 2_000).Select(i => AnalyticsInput.Tweet($"lk-{conference}-{i}", conference,
            start.AddMilliseconds(random.Next(40_000)), $"h{random.Next(10)}", $"h{random.Next(10)}") with { Author = $"a{random.Next(50)}" }).ToList();
        for (var i = 0; i < tweets.Count; i++)
        {
            if (i == tweets.Count / 2)
            {
                await platform.System.KillAsync(ResourceNames.Analytics);
            }
            await input.SendAsync(tweets[i]);
        }
        await platform.System.StartReplicaAsync(ResourceNames.Analytics);

        var expected = tweets.SelectMany(t => t.Hashtags.Distinct().Select(h => (Hashtag: h, t.Author))).GroupBy(r => r.Hashtag)
            .ToDictionary(g => g.Key, g => (Tweets: (long)g.Count(), Authors: (long)g.Select(r => r.Author).Distinct().Count()));
        await Eventually.HoldsAsync(() =>
        {
            if (LatestResult(id) is not { } result)
            {
                return "no result yet";
            }
            var rows = result.Rows.Where(r => r[0].GetString() is { } h && !h.StartsWith("probe", StringComparison.Ordinal))
                .ToDictionary(r => r[0].GetString()!, r => ((long)r[1].GetDouble(), (long)r[2].GetDouble()));
            return rows.Count == expected.Count && expected.All(e => rows.GetValueOrDefault(e.Key) == e.Value)
                ? null
                : $"got {string.Join(",", rows.OrderBy(r => r.Key).Select(r => $"{r.Key}={r.Value}"))} expected {string.Join(",", expected.OrderBy(r => r.Key).Select(r => $"{r.Key}={r.Value}"))}";
        }, Wait, TimeSpan.FromMilliseconds(500));
    }

    private HttpRequestMessage Create(string name, string sql, bool withSecret = true) => Create(name, sql, withSecret ? platform.System.OperatorSecret : null);

    private static HttpRequestMessage Create(string name, string sql, string? secret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/queries") { Content = JsonContent.Create(new { name, sql }) };
        if (secret is not null)
        {
            request.Headers.Add("X-Operator-Secret", secret);
        }
        return request;
    }

    private async Task<string> CreateAsync(HttpClient http, string name, string sql)
    {
        var created = await http.SendAsync(Create(name, sql));
        var body = await created.Content.ReadAsStringAsync();
        Assert.True(created.StatusCode == HttpStatusCode.Created, $"{created.StatusCode}: {body}");
        var id = TweetRequests.Json(body).GetProperty("id").GetString()!;
        Assert.Matches("^q-[0-9a-f]{12}$", id);
        Assert.EndsWith($"/api/queries/{id}", created.Headers.Location?.ToString());
        return id;
    }

    /// <summary>
    /// Every router instance learns a query from the topic on its own: a round of probe tweets, one on each tweets
    /// partition (hashtag probe-N), all counted, shows every instance routes the query's input.
    /// </summary>
    private async Task WaitUntilRunningEverywhereAsync(AnalyticsInput input, string id, string conference)
    {
        var round = 0;
        await Eventually.HoldsAsync(async () =>
        {
            var hashtag = $"probe{round++}";
            var ids = Enumerable.Range(0, 10_000).Select(i => $"probe-{conference}-{hashtag}-{i}")
                .GroupBy(tweetId => KeyPartitioner.PartitionFor(tweetId, Topics.DefaultPartitions)).Select(g => g.First()).ToList();
            Assert.Equal(Topics.DefaultPartitions, ids.Count);
            foreach (var tweetId in ids)
            {
                await input.SendAsync(AnalyticsInput.Tweet(tweetId, conference, DateTimeOffset.UtcNow, hashtag));
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
        }, Wait, TimeSpan.FromMilliseconds(100));
    }

    private LiveQueryResultChanged? LatestResult(string id) =>
        KafkaTopicReader.ReadAll(platform.System.KafkaBootstrapServers, Topics.LiveQueryResults)
            .Where(m => m.Message.Key == id)
            .Select(m => EventSerializer.Deserialize(m.Message.Value, EventJsonContext.Default.LiveQueryResultChanged))
            .LastOrDefault();

    private static Dictionary<string, double> Counts(JsonElement result) =>
        result.GetProperty("rows").EnumerateArray().ToDictionary(r => r[0].GetString()!, r => r[1].GetDouble());
}
