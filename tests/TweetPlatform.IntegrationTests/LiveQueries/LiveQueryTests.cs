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
        using var queries = new LiveQueryClient(platform);
        var http = queries.Http;
        var conference = "lq" + Guid.NewGuid().ToString("N")[..10];

        var bad = await http.SendAsync(queries.CreateRequest("bad", "SELECT COUNT(*) FORM tweets", platform.System.OperatorSecret));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        var problem = TweetRequests.Json(await bad.Content.ReadAsStringAsync());
        Assert.Equal(1, problem.GetProperty("line").GetInt32());
        Assert.Equal(17, problem.GetProperty("column").GetInt32());
        Assert.Contains("FROM", problem.GetProperty("detail").GetString());

        var sql = $"SELECT hashtag, COUNT(*) AS tweets FROM tweets WHERE conference = '{conference}' GROUP BY hashtag";
        var unauthorized = await http.SendAsync(queries.CreateRequest("no secret", sql, secret: null));
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);

        var id = await queries.CreateAsync("hashtags of " + conference, sql);
        try
        {
            Assert.Contains((await http.GetFromJsonAsync<JsonElement>("/api/queries")).EnumerateArray(), q => q.GetProperty("id").GetString() == id);

            await using var sse = await SseTestClient.ConnectAsync(new Uri(platform.Gateway, $"/api/updates?query={id}"));
            await using var plain = await SseTestClient.ConnectAsync(new Uri(platform.Gateway, "/api/updates"));
            using var input = new AnalyticsInput(platform.System.KafkaBootstrapServers);
            await queries.WaitUntilRunningEverywhereAsync(input, id, conference, Wait);
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
            var plainSnapshot = await plain.WaitForEventAsync(m => m.EventType == "snapshot", Wait);
            Assert.Empty(TweetRequests.Json(plainSnapshot.Data).GetProperty("queryResults").EnumerateArray());
            Assert.DoesNotContain(plain.Events, m => m.EventType == "query-result");

            // A second browser gets the query's result in its snapshot, and what it shows (the snapshot's result, then
            // updates) reaches the current counts; one that did not ask for the query gets none of it. The snapshot may
            // come from the other push-gateway replica, which can be a moment behind in reading the results topic.
            await using var late = await SseTestClient.ConnectAsync(new Uri(platform.Gateway, $"/api/updates?query={id}"));
            var snapshot = await late.WaitForEventAsync(m => m.EventType == "snapshot", Wait);
            Assert.Contains(TweetRequests.Json(snapshot.Data).GetProperty("queryResults").EnumerateArray(), r => r.GetProperty("queryId").GetString() == id
                && Counts(r).GetValueOrDefault("probe0") > 0);
            await late.WaitForAsync(events => Shown(events, id) is { } shown && shown.GetValueOrDefault("kafka") == 5
                && shown.GetValueOrDefault("dotnet") == 3 && shown.GetValueOrDefault("streams") == 2, Wait);

            Assert.Equal(HttpStatusCode.NoContent, await queries.DeleteAsync(id));
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/api/queries/{id}")).StatusCode);
            await sse.WaitForEventAsync(m => m.EventType == "query-result" && TweetRequests.Json(m.Data).GetProperty("status").GetString() == "deleted", Wait);
        }
        finally
        {
            // A query left running would add its records to other tests' traces.
            await queries.DeleteAsync(id);
        }
    }

    [Fact]
    public async Task A_query_result_is_exact_after_an_analytics_instance_is_killed_mid_stream()
    {
        using var queries = new LiveQueryClient(platform);
        var conference = "lk" + Guid.NewGuid().ToString("N")[..10];
        var id = await queries.CreateAsync("kill " + conference,
            $"SELECT hashtag, COUNT(*) AS tweets, COUNT_DISTINCT(author) AS authors FROM tweets WHERE conference = '{conference}' GROUP BY hashtag");
        try
        {
            using var input = new AnalyticsInput(platform.System.KafkaBootstrapServers);
            await queries.WaitUntilRunningEverywhereAsync(input, id, conference, Wait);

            var random = new Random(4321);
            var start = DateTimeOffset.UtcNow.AddSeconds(-20);
            var tweets = Enumerable.Range(0, 2_000).Select(i => AnalyticsInput.Tweet($"lk-{conference}-{i}", conference,
                start.AddMilliseconds(random.Next(40_000)), $"h{random.Next(10)}", $"h{random.Next(10)}") with
            { Author = $"a{random.Next(50)}" }).ToList();
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
                if (queries.LatestResult(id) is not { } result)
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
        finally
        {
            await queries.DeleteAsync(id);
        }
    }

    /// <summary>The counts a browser shows for a query: its latest result, from the snapshot or a later update.</summary>
    private static Dictionary<string, double>? Shown(IReadOnlyList<SseMessage> events, string queryId) =>
        events.SelectMany(e => e.EventType switch
        {
            "snapshot" => TweetRequests.Json(e.Data).GetProperty("queryResults").EnumerateArray().ToList(),
            "query-result" => [TweetRequests.Json(e.Data)],
            _ => [],
        }).Where(r => r.GetProperty("queryId").GetString() == queryId).Select(Counts).LastOrDefault();

    private static Dictionary<string, double> Counts(JsonElement result) =>
        result.GetProperty("rows").EnumerateArray().ToDictionary(r => r[0].GetString()!, r => r[1].GetDouble());
}
