using System.Diagnostics;
using TweetPlatform.Contracts;
using TweetPlatform.IntegrationTests.Infrastructure;
using TweetPlatform.AppHost.Settings;

namespace TweetPlatform.IntegrationTests.Tracing;

/// <summary>
/// One trace id from the webhook to the browser: the spans every process exports over OTLP link up
/// as gateway (HTTP in) -> gateway (HTTP out) -> ingest (HTTP in) -> Kafka send -> push gateway
/// Kafka process -> SSE write, each the parent of the next.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class EndToEndTraceTests(PlatformFixture platform)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task One_trace_links_the_webhook_the_kafka_hops_and_the_sse_write()
    {
        await using var sse = await SseTestClient.ConnectAsync(new Uri(platform.Gateway, "/api/updates"));
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var callerSpanId = ActivitySpanId.CreateRandom().ToHexString();
        var statusId = TweetRequests.UniqueId();

        using var http = new HttpClient();
        using var request = TweetRequests.Ifttt(platform.Gateway, platform.WebhookSecret, TweetRequests.IftttBody(statusId, "traced #javaone"));
        request.Headers.Add("traceparent", $"00-{traceId}-{callerSpanId}-01");
        using (var response = await http.SendAsync(request))
        {
            await TweetRequests.AcceptedIdAsync(response);
        }
        var delivered = await sse.WaitForEventAsync(m => TweetRequests.TweetIdOf(m) == statusId, Wait);

        // Processes export in batches on their own schedule: wait until every hop has arrived.
        (string Service, SpanKind Kind)[] hops =
        [
            (ResourceNames.Gateway, SpanKind.Server), (ResourceNames.Gateway, SpanKind.Client),
            (ResourceNames.Ingest, SpanKind.Server), (ResourceNames.Ingest, SpanKind.Producer),
            (ResourceNames.PushGateway, SpanKind.Consumer),
        ];
        var spans = await platform.Traces.WaitForSpansAsync(all =>
            hops.All(hop => all.Any(s => s.TraceId == traceId && s.ServiceName == hop.Service && s.Kind == hop.Kind))
            && all.Any(s => s.TraceId == traceId && s.ServiceName == ResourceNames.PushGateway && s.Name == "sse send tweet"
                && s.Attributes.GetValueOrDefault("sse.event.id") == delivered.Id), Wait);
        var trace = spans.Where(s => s.TraceId == traceId).ToList();

        var gatewayIn = Single(trace, s => s.ServiceName == ResourceNames.Gateway && s.Kind == SpanKind.Server);
        Assert.Equal(callerSpanId, gatewayIn.ParentSpanId);
        var gatewayOut = Single(trace, s => s.ServiceName == ResourceNames.Gateway && s.Kind == SpanKind.Client);
        Assert.Equal(gatewayIn.SpanId, gatewayOut.ParentSpanId);
        var ingestIn = Single(trace, s => s.ServiceName == ResourceNames.Ingest && s.Kind == SpanKind.Server);
        Assert.Equal(gatewayOut.SpanId, ingestIn.ParentSpanId);
        Assert.Equal("/api/webhooks/ifttt", ingestIn.Attributes.GetValueOrDefault("url.path"));

        var send = Single(trace, s => s.ServiceName == ResourceNames.Ingest && s.Kind == SpanKind.Producer);
        Assert.Equal($"send {Topics.Tweets}", send.Name);
        Assert.Equal(ingestIn.SpanId, send.ParentSpanId);
        Assert.Equal("kafka", send.Attributes["messaging.system"]);
        Assert.Equal("send", send.Attributes["messaging.operation.type"]);
        Assert.Equal(Topics.Tweets, send.Attributes["messaging.destination.name"]);
        Assert.Equal(statusId, send.Attributes["messaging.kafka.message.key"]);

        // Every push-gateway instance processes the tweet (each serves its own browsers): all are children of the send.
        // The findings the tweet caused (e.g. trending hashtags) may reach the push gateway in the same trace by now:
        // those are findings topics, and the next test follows them through analytics.
        var consumed = trace.Where(s => s.ServiceName == ResourceNames.PushGateway && s.Kind == SpanKind.Consumer).ToList();
        Assert.All(consumed.Where(p => p.Attributes["messaging.destination.name"] != Topics.Tweets), p =>
            Assert.Contains(p.Attributes["messaging.destination.name"], new[] { Topics.TweetCounts, Topics.TrendingHashtags, Topics.TopLiked, Topics.Alerts }));
        Assert.Contains(consumed, p => p.Attributes["messaging.destination.name"] == Topics.Tweets);
        Assert.All(consumed.Where(p => p.Attributes["messaging.destination.name"] == Topics.Tweets), p =>
        {
            Assert.Equal($"process {Topics.Tweets}", p.Name);
            Assert.Equal(send.SpanId, p.ParentSpanId);
            Assert.Equal("process", p.Attributes["messaging.operation.type"]);
            Assert.Equal(send.Attributes["messaging.kafka.offset"], p.Attributes["messaging.kafka.offset"]);
        });

        var write = trace.First(s => s.Name == "sse send tweet" && s.Attributes.GetValueOrDefault("sse.event.id") == delivered.Id);
        var process = Single(trace, s => s.SpanId == write.ParentSpanId);
        Assert.Equal((ResourceNames.PushGateway, SpanKind.Consumer), (process.ServiceName, process.Kind));
        Assert.Equal("tweet", write.Attributes["sse.event.type"]);
    }

    [Fact]
    public async Task One_trace_links_a_like_request_the_count_update_and_the_sse_write()
    {
        await using var sse = await SseTestClient.ConnectAsync(new Uri(platform.Gateway, "/api/updates"));
        using var http = new HttpClient();
        var tweetId = "traced-like-" + TweetRequests.UniqueId();
        using (var posted = await http.SendAsync(TweetRequests.Tweet(platform.Gateway, platform.WebhookSecret, new { id = tweetId, text = "like #qcon", author = "a" })))
        {
            await TweetRequests.AcceptedIdAsync(posted);
        }
        await sse.WaitForEventAsync(m => m.EventType == "tweet" && TweetRequests.TweetIdOf(m) == tweetId, Wait);

        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var callerSpanId = ActivitySpanId.CreateRandom().ToHexString();
        using (var like = new HttpRequestMessage(HttpMethod.Post, new Uri(platform.Gateway, $"/api/tweets/{tweetId}/likes")))
        {
            like.Headers.Add("X-Viewer-Id", "viewer-trace-0001");
            like.Headers.Add("traceparent", $"00-{traceId}-{callerSpanId}-01");
            using var response = await http.SendAsync(like);
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        }
        var delivered = await sse.WaitForEventAsync(m => m.EventType == "likes" && TweetRequests.TweetIdOf(m) == tweetId, Wait);

        (string Service, SpanKind Kind, string Name)[] hops =
        [
            (ResourceNames.Gateway, SpanKind.Server, ""), (ResourceNames.LikeTracking, SpanKind.Server, ""),
            (ResourceNames.LikeTracking, SpanKind.Producer, $"send {Topics.Likes}"),
            (ResourceNames.LikeTracking, SpanKind.Producer, $"send {Topics.LikeCounts}"),
            (ResourceNames.PushGateway, SpanKind.Consumer, $"process {Topics.LikeCounts}"),
            (ResourceNames.PushGateway, SpanKind.Producer, "sse send likes"),
        ];
        var spans = await platform.Traces.WaitForSpansAsync(all => hops.All(hop => all.Any(s =>
            s.TraceId == traceId && s.ServiceName == hop.Service && s.Kind == hop.Kind && (hop.Name == "" || s.Name == hop.Name))), Wait);
        var trace = spans.Where(s => s.TraceId == traceId).ToList();

        var gatewayOut = Single(trace, s => s.ServiceName == ResourceNames.Gateway && s.Kind == SpanKind.Client);
        var likeIn = Single(trace, s => s.ServiceName == ResourceNames.LikeTracking && s.Kind == SpanKind.Server);
        Assert.Equal(gatewayOut.SpanId, likeIn.ParentSpanId);
        var sendLike = Single(trace, s => s.Name == $"send {Topics.Likes}");
        Assert.Equal(likeIn.SpanId, sendLike.ParentSpanId);
        // The counting group's processing (not the replica's) produced the count update.
        var count = Single(trace, s => s.ServiceName == ResourceNames.LikeTracking && s.Kind == SpanKind.Consumer
            && s.Attributes.GetValueOrDefault("messaging.consumer.group.name") == "like-tracking");
        Assert.Equal(sendLike.SpanId, count.ParentSpanId);
        var sendCount = Single(trace, s => s.Name == $"send {Topics.LikeCounts}");
        Assert.Equal(count.SpanId, sendCount.ParentSpanId);
        // Analytics reads the counts too (its own branch of the trace); this is the browser's branch.
        Assert.All(trace.Where(s => s.ServiceName == ResourceNames.PushGateway && s.Name == $"process {Topics.LikeCounts}"),
            push => Assert.Equal(sendCount.SpanId, push.ParentSpanId));
        var write = trace.First(s => s.Name == "sse send likes" && s.Attributes.GetValueOrDefault("sse.event.id") == delivered.Id);
        var writer = Single(trace, s => s.SpanId == write.ParentSpanId);
        Assert.Equal((ResourceNames.PushGateway, $"process {Topics.LikeCounts}"), (writer.ServiceName, writer.Name));
    }

    [Fact]
    public async Task One_trace_links_a_tweet_through_both_analytics_stages_to_the_sse_finding()
    {
        await using var sse = await SseTestClient.ConnectAsync(new Uri(platform.Gateway, "/api/updates"));
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var statusId = TweetRequests.UniqueId();
        using var http = new HttpClient();
        // Event time now: analytics keeps stream time per partition, and other tests' tweets may share this one's,
        // so a tweet from the IFTTT sample's 2017 would be late there and counted nowhere.
        using (var request = TweetRequests.Tweet(platform.Gateway, platform.WebhookSecret,
            new { id = statusId, text = "analysed #oow17", author = "tracer", createdAt = DateTimeOffset.UtcNow }))
        {
            request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
            using var response = await http.SendAsync(request);
            await TweetRequests.AcceptedIdAsync(response);
        }

        string[] hops = [$"send {Topics.Tweets}", $"process {Topics.Tweets}", "route", $"send {Topics.ConferenceActivity}",
            $"process {Topics.ConferenceActivity}", $"emit {Topics.TweetCounts}", $"send {Topics.TweetCounts}", $"process {Topics.TweetCounts}", "sse send tweet-counts"];
        var spans = await platform.Traces.WaitForSpansAsync(all => hops.All(hop => all.Any(s => s.TraceId == traceId && s.Name == hop)), Wait);
        var trace = spans.Where(s => s.TraceId == traceId).ToList();

        var send = Single(trace, s => s.ServiceName == ResourceNames.Ingest && s.Name == $"send {Topics.Tweets}");
        var route = Single(trace, s => s.ServiceName == ResourceNames.Analytics && s.Name == $"process {Topics.Tweets}");
        Assert.Equal(send.SpanId, route.ParentSpanId);
        Assert.Equal("analytics-router", route.Attributes["messaging.consumer.group.name"]);
        // The router writes two records per tweet (the conference and "*"), each under a "route" span of its processing.
        var routes = trace.Where(s => s.Name == "route").ToList();
        Assert.Equal(2, routes.Count);
        Assert.All(routes, r => Assert.Equal(route.SpanId, r.ParentSpanId));
        var reKeyed = trace.Where(s => s.Name == $"send {Topics.ConferenceActivity}").ToList();
        Assert.Equal(2, reKeyed.Count);
        Assert.All(reKeyed, s => Assert.Contains(routes, r => r.SpanId == s.ParentSpanId));
        var analyse = trace.Single(s => s.Name == $"process {Topics.ConferenceActivity}"
            && s.Attributes.GetValueOrDefault("messaging.kafka.message.key") == "oow17");
        Assert.Contains(reKeyed, s => s.SpanId == analyse.ParentSpanId);
        var emit = Single(trace, s => s.Name == $"emit {Topics.TweetCounts}");
        Assert.Equal(analyse.SpanId, emit.ParentSpanId);
        var sendFinding = Single(trace, s => s.Name == $"send {Topics.TweetCounts}");
        Assert.Equal(emit.SpanId, sendFinding.ParentSpanId);
        Assert.All(trace.Where(s => s.Name == $"process {Topics.TweetCounts}"), push => Assert.Equal(sendFinding.SpanId, push.ParentSpanId));
        // The write to this test's own stream (each push-gateway instance writes to its own clients).
        CollectedSpan? write = null;
        await Eventually.HoldsAsync(() => (write = platform.Traces.Spans.FirstOrDefault(s => s.TraceId == traceId && s.Name == "sse send tweet-counts"
            && sse.Events.Any(m => m.Id == s.Attributes.GetValueOrDefault("sse.event.id")))) is null ? "The write to this stream did not arrive." : null,
            Wait, TimeSpan.FromMilliseconds(100));
        var writer = Single(platform.Traces.Spans.Where(s => s.TraceId == traceId).ToList(), s => s.SpanId == write!.ParentSpanId);
        Assert.Equal((ResourceNames.PushGateway, $"process {Topics.TweetCounts}"), (writer.ServiceName, writer.Name));
    }

    [Fact]
    public async Task One_trace_links_a_tweet_through_a_live_query_to_the_sse_result()
    {
        using var queries = new LiveQueryClient(platform);
        var author = "tq" + Guid.NewGuid().ToString("N")[..10];
        var id = await queries.CreateAsync("trace " + author, $"SELECT hashtag, COUNT(*) AS n FROM tweets WHERE author = '{author}' GROUP BY hashtag");
        try
        {
            await using var sse = await SseTestClient.ConnectAsync(new Uri(platform.Gateway, $"/api/updates?query={id}"));
            using (var input = new AnalyticsInput(platform.System.KafkaBootstrapServers))
            {
                await queries.WaitUntilRunningEverywhereAsync(input, id, author, TimeSpan.FromSeconds(90));
            }
            var traceId = ActivityTraceId.CreateRandom().ToHexString();
            using (var request = TweetRequests.Tweet(platform.Gateway, platform.WebhookSecret,
                new { id = TweetRequests.UniqueId(), text = "queried #traced", author, createdAt = DateTimeOffset.UtcNow }))
            {
                request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
                using var response = await queries.Http.SendAsync(request);
                await TweetRequests.AcceptedIdAsync(response);
            }

            string[] hops = [$"send {Topics.Tweets}", "route", $"send {Topics.ConferenceActivity}", $"process {Topics.ConferenceActivity}",
                $"emit {Topics.LiveQueryResults}", $"send {Topics.LiveQueryResults}", $"process {Topics.LiveQueryResults}", "sse send query-result"];
            var spans = await platform.Traces.WaitForSpansAsync(all => hops.All(hop => all.Any(s => s.TraceId == traceId && s.Name == hop)), Wait);
            var trace = spans.Where(s => s.TraceId == traceId).ToList();

            var router = Single(trace, s => s.ServiceName == ResourceNames.Analytics && s.Name == $"process {Topics.Tweets}");
            var analyse = Single(trace, s => s.Name == $"process {Topics.ConferenceActivity}"
                && s.Attributes.GetValueOrDefault("messaging.kafka.message.key", "").StartsWith("queries:", StringComparison.Ordinal));
            var routed = Single(trace, s => s.SpanId == analyse.ParentSpanId);
            Assert.Equal($"send {Topics.ConferenceActivity}", routed.Name);
            Assert.Equal(router.SpanId, Single(trace, s => s.SpanId == routed.ParentSpanId).ParentSpanId); // send <- route <- process tweets
            var emit = Single(trace, s => s.Name == $"emit {Topics.LiveQueryResults}");
            Assert.Equal(analyse.SpanId, emit.ParentSpanId);
            var sendResult = Single(trace, s => s.Name == $"send {Topics.LiveQueryResults}");
            Assert.Equal(emit.SpanId, sendResult.ParentSpanId);
            Assert.All(trace.Where(s => s.Name == $"process {Topics.LiveQueryResults}"), push => Assert.Equal(sendResult.SpanId, push.ParentSpanId));
            CollectedSpan? write = null;
            await Eventually.HoldsAsync(() => (write = platform.Traces.Spans.FirstOrDefault(s => s.TraceId == traceId && s.Name == "sse send query-result"
                && sse.Events.Any(m => m.Id == s.Attributes.GetValueOrDefault("sse.event.id")))) is null ? "The write to this stream did not arrive." : null,
                Wait, TimeSpan.FromMilliseconds(100));
            var writer = Single(platform.Traces.Spans.Where(s => s.TraceId == traceId).ToList(), s => s.SpanId == write!.ParentSpanId);
            Assert.Equal((ResourceNames.PushGateway, $"process {Topics.LiveQueryResults}"), (writer.ServiceName, writer.Name));
        }
        finally
        {
            await queries.DeleteAsync(id);
        }
    }

    private static CollectedSpan Single(IReadOnlyList<CollectedSpan> trace, Func<CollectedSpan, bool> match)
    {
        var found = trace.Where(match).ToList();
        Assert.True(found.Count == 1, $"Expected one matching span, found {found.Count} in:{Environment.NewLine}" +
            string.Join(Environment.NewLine, trace.Select(s => $"  {s.ServiceName} {s.Kind} '{s.Name}' {s.SpanId} <- {s.ParentSpanId}")));
        return found[0];
    }
}
