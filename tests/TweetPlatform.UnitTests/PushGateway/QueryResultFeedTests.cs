using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TweetPlatform.Contracts;
using TweetPlatform.Contracts.Events;
using TweetPlatform.PushGateway;
using TweetPlatform.PushGateway.Consuming;
using TweetPlatform.PushGateway.Feed;
using TweetPlatform.PushGateway.Projection;
using TweetPlatform.PushGateway.Sse;

namespace TweetPlatform.UnitTests.PushGateway;

/// <summary>
/// Live queries' results in the feed: a client gets <c>query-result</c> events only of the queries it follows (whatever
/// its conferences), the latest result of each in its snapshot, a deleted one's leaves it, and a resume continues after
/// the Last-Event-ID.
/// </summary>
public sealed class QueryResultFeedTests : IDisposable
{
    private const string QueryA = "q-00000000000a";
    private const string QueryB = "q-00000000000b";
    private static readonly int ResultsKey = UpdateTopics.Key(Topics.LiveQueryResults, 0);
    private readonly TestMeterFactory _meters = new();
    private readonly LiveFeed _feed;
    private readonly SseBroadcaster _broadcaster;
    private long _offset;

    public QueryResultFeedTests()
    {
        var options = Options.Create(new PushGatewayOptions { ClientQueueCapacity = 1_000 });
        _broadcaster = new SseBroadcaster(NullLogger<SseBroadcaster>.Instance, _meters, options);
        _feed = new LiveFeed(_broadcaster, options);
        _feed.Begin(ResultsKey, 0);
    }

    public void Dispose() => _meters.Dispose();

    private static byte[] Result(string queryId, long count, string status = LiveQueryStatus.Running) =>
        IntegrationEvents.LiveQueryResultChanged.Serialize(new LiveQueryResultChanged
        {
            QueryId = queryId, Name = "n", Status = status, Windowed = false, Columns = [new LiveQueryColumn("n", "number")],
            Rows = [[JsonSerializer.SerializeToElement(count)]], TotalRows = 1, ChangedAt = DateTimeOffset.UnixEpoch,
        });

    private void Publish(byte[] record)
    {
        _feed.Append(ResultsKey, _offset++, DateTimeOffset.UnixEpoch, default, RecordProjection.Project(Topics.LiveQueryResults, record, DateTimeOffset.UnixEpoch));
        _feed.Publish();
    }

    private SseClient Connect(string? queries, string? conference = null)
    {
        var filter = conference is null ? ConferenceFilter.All : ConferenceFilter.Parse([conference], out _);
        Assert.Equal(ConnectResult.Accepted, _broadcaster.TryConnect("10.0.0.1", filter, QueryFilter.Parse([queries], out var error), out var client));
        Assert.Null(error);
        return client!;
    }

    private static JsonElement Data(SseFrame frame) => JsonDocument.Parse(Encoding.UTF8.GetString(frame.Bytes).Split("data: ")[1]).RootElement;

    private static List<(string, long)> Results(IEnumerable<SseFrame> frames) =>
        [.. frames.Where(f => f.EventType == RecordProjection.QueryResultEventType)
            .Select(f => (Data(f).GetProperty("queryId").GetString()!, Data(f).GetProperty("rows")[0][0].GetInt64()))];

    private static List<SseFrame> Drain(SseClient client)
    {
        var frames = new List<SseFrame>();
        while (client.Frames.TryRead(out var frame))
        {
            frames.Add(frame);
        }
        return frames;
    }

    [Fact]
    public void A_client_gets_the_results_of_the_queries_it_follows_whatever_its_conferences_and_none_of_others()
    {
        var followsA = Connect(QueryA, conference: "devoxx");
        var followsNone = Connect(null);
        _feed.TryAttach(followsA, null, false);
        _feed.TryAttach(followsNone, null, false);

        Publish(Result(QueryA, 1));
        Publish(Result(QueryB, 7));
        Publish(Result(QueryA, 2));

        Assert.Equal([(QueryA, 1), (QueryA, 2)], Results(Drain(followsA)));
        Assert.Empty(Results(Drain(followsNone)));
    }

    [Fact]
    public void A_snapshot_holds_the_latest_result_of_each_followed_query_and_a_deleted_query_leaves_it()
    {
        Publish(Result(QueryA, 1));
        Publish(Result(QueryA, 3));
        Publish(Result(QueryB, 7));

        var both = Data(Assert.Single(_feed.TryAttach(Connect($"{QueryB},{QueryA}"), null, false)!));
        var none = Data(Assert.Single(_feed.TryAttach(Connect(null), null, false)!));
        Assert.Equal([(QueryA, 3L), (QueryB, 7L)], both.GetProperty("queryResults").EnumerateArray()
            .Select(r => (r.GetProperty("queryId").GetString()!, r.GetProperty("rows")[0][0].GetInt64())));
        Assert.Empty(none.GetProperty("queryResults").EnumerateArray());

        Publish(Result(QueryA, 3, LiveQueryStatus.Deleted));
        var after = Data(Assert.Single(_feed.TryAttach(Connect(QueryA), null, false)!));
        Assert.Empty(after.GetProperty("queryResults").EnumerateArray());
    }

    [Fact]
    public void A_client_resuming_from_its_last_event_id_gets_exactly_the_results_it_missed()
    {
        var first = Connect(QueryA);
        _feed.TryAttach(first, null, false);
        Publish(Result(QueryA, 1));
        var lastSeen = Drain(first).Single();
        _broadcaster.Disconnect(first);
        Publish(Result(QueryB, 5));
        Publish(Result(QueryA, 2));

        var missed = _feed.TryAttach(Connect(QueryA), lastSeen.Id, false)!;

        Assert.Equal([(QueryA, 2)], Results(missed));
    }

    [Theory]
    [InlineData("q-123")]
    [InlineData("Q-00000000000A")]
    [InlineData("q-00000000000a,q-00000000000b,q-00000000000c,q-00000000000d,q-00000000000e,q-00000000000f,q-000000000010,q-000000000011,q-000000000012,q-000000000013,q-000000000014")]
    [InlineData("<script>")]
    public void A_query_filter_of_malformed_or_too_many_ids_is_refused(string value)
    {
        QueryFilter.Parse([value], out var error);
        Assert.NotNull(error);
    }

    [Fact]
    public void A_stream_of_only_queries_gets_their_results_and_nothing_else_in_its_snapshot_or_live()
    {
        var tweetsKey = UpdateTopics.Key(Topics.Tweets, 0);
        _feed.Begin(tweetsKey, 0);
        var tweet = IntegrationEvents.TweetReceived.Serialize(new TweetReceived
        {
            TweetId = "t1", Text = "hi", Author = "a", Conference = "devoxx", CreatedAt = DateTimeOffset.UnixEpoch,
            ReceivedAt = DateTimeOffset.UnixEpoch, Source = "api",
        });
        _feed.Append(tweetsKey, 0, DateTimeOffset.UnixEpoch, default, RecordProjection.Project(Topics.Tweets, tweet, DateTimeOffset.UnixEpoch));
        Publish(Result(QueryA, 1));
        Assert.Equal(ConnectResult.Accepted, _broadcaster.TryConnect("10.0.0.1", ConferenceFilter.All, QueryFilter.Parse([QueryA], "queries", out var error), out var only));
        Assert.Null(error);

        var snapshot = Data(Assert.Single(_feed.TryAttach(only!, null, false)!));
        var everything = Data(Assert.Single(_feed.TryAttach(Connect(QueryA), null, false)!));
        var tweet2 = IntegrationEvents.TweetReceived.Serialize(new TweetReceived
        {
            TweetId = "t2", Text = "hi", Author = "a", Conference = "devoxx", CreatedAt = DateTimeOffset.UnixEpoch,
            ReceivedAt = DateTimeOffset.UnixEpoch, Source = "api",
        });
        _feed.Append(tweetsKey, 1, DateTimeOffset.UnixEpoch, default, RecordProjection.Project(Topics.Tweets, tweet2, DateTimeOffset.UnixEpoch));
        Publish(Result(QueryA, 2));

        Assert.Empty(snapshot.GetProperty("tweets").EnumerateArray());
        Assert.Single(snapshot.GetProperty("queryResults").EnumerateArray());
        Assert.Single(everything.GetProperty("tweets").EnumerateArray());
        Assert.Equal([RecordProjection.QueryResultEventType], Drain(only!).Select(f => f.EventType));
        QueryFilter.Parse([], "queries", out var withoutIds);
        Assert.NotNull(withoutIds);
    }
}
