using System.Text.Json;
using TweetPlatform.Contracts.Events;
using TweetPlatform.IntegrationTests.Infrastructure;
using TweetPlatform.AppHost.Settings;

namespace TweetPlatform.IntegrationTests.PushGateway;

/// <summary>
/// A browser's picture stays exact across connects and reconnects: snapshot then live with no gap or
/// duplicate while tweets flow, and a resume from Last-Event-ID on the same or another push-gateway
/// instance that misses nothing and repeats nothing.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class SnapshotAndResumeTests(PlatformFixture platform)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    /// <summary>Sends tweets of one conference at a steady pace, in the background.</summary>
    private sealed class TweetFlow(string bootstrapServers, string conference, int count, TimeSpan every) : IAsyncDisposable
    {
        private readonly AnalyticsInput _input = new(bootstrapServers);
        private Task _sending = Task.CompletedTask;

        public IReadOnlyList<string> Ids { get; } = Enumerable.Range(0, count).Select(i => $"{conference}-{i}").ToList();

        public int Sent { get; private set; }

        public TweetFlow Start()
        {
            _sending = Task.Run(async () =>
            {
                foreach (var id in Ids)
                {
                    await _input.SendAsync(AnalyticsInput.Tweet(id, conference, DateTimeOffset.UtcNow, "flow"));
                    Sent++;
                    await Task.Delay(every);
                }
            });
            return this;
        }

        public async Task WaitUntilSentAsync(int atLeast)
        {
            using var timeout = new CancellationTokenSource(Wait);
            while (Sent < atLeast && !_sending.IsCompleted)
            {
                await Task.Delay(10, timeout.Token);
            }
            if (_sending.IsFaulted)
            {
                await _sending;
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _sending;
            _input.Dispose();
        }
    }

    private static string Conference() => "flow-" + Guid.NewGuid().ToString("N")[..8];

    private static Uri Updates(Uri server, string conference) => new(server, "/api/updates?conference=" + conference);

    /// <summary>The run's tweet ids a client got: from snapshots and from tweet events, in order.</summary>
    private static List<string> TweetIds(IEnumerable<SseMessage> events, string conference) =>
        events.SelectMany(e => e.EventType switch
        {
            "snapshot" => JsonDocument.Parse(e.Data).RootElement.GetProperty("tweets").EnumerateArray()
                .Select(t => t.GetProperty("tweetId").GetString()!).Reverse(),
            "tweet" => [TweetRequests.Json(e.Data).GetProperty("tweetId").GetString()!],
            _ => [],
        }).Where(id => id.StartsWith(conference, StringComparison.Ordinal)).ToList();

    [Fact]
    public async Task Clients_connecting_while_tweets_flow_get_a_snapshot_then_live_events_with_no_gap_and_no_duplicate()
    {
        var conference = Conference();
        await using var flow = new TweetFlow(platform.System.KafkaBootstrapServers, conference, 600, TimeSpan.FromMilliseconds(3)).Start();
        var clients = new List<SseTestClient>();
        try
        {
            foreach (var connectAfter in new[] { 50, 250, 450 })
            {
                await flow.WaitUntilSentAsync(connectAfter);
                clients.Add(await SseTestClient.ConnectAsync(Updates(platform.Gateway, conference)));
            }
            foreach (var client in clients)
            {
                var events = await client.WaitForAsync(e => TweetIds(e, conference).Count >= flow.Ids.Count, Wait);
                var ids = TweetIds(events, conference);
                Assert.Equal("snapshot", events[0].EventType);
                Assert.Equal(flow.Ids.Order(StringComparer.Ordinal), ids.Order(StringComparer.Ordinal)); // all, each once
                Assert.DoesNotContain(events, e => e.EventType == "tweet" && !TweetRequests.Json(e.Data).GetProperty("conference").GetString()!.Equals(conference, StringComparison.Ordinal));
            }
            // All connected mid-flow: each got part of the run live.
            Assert.All(clients, c => Assert.Contains(c.Events, e => e.EventType == "tweet"));
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_client_that_reconnects_with_its_last_event_id_to_the_same_and_then_another_instance_misses_nothing_and_gets_nothing_twice()
    {
        var conference = Conference();
        // The two push-gateway replicas of the platform, each reached on its own address.
        var replicas = platform.System.Replicas(ResourceNames.PushGateway);
        Assert.Equal(2, replicas.Count);
        var secondUrl = platform.System.ReplicaUrl(replicas[1]);
        var first = platform.System.ReplicaUrl(replicas[0]);
        await using var flow = new TweetFlow(platform.System.KafkaBootstrapServers, conference, 900, TimeSpan.FromMilliseconds(3)).Start();
        var received = new List<SseMessage>();
        string? lastEventId = null;
        // Three connections: the first instance, the same again, then the other one; each cut off mid-flow.
        foreach (var (server, until) in new[] { (first, 300), (first, 600), (secondUrl, 900) })
        {
            await using var client = await SseTestClient.ConnectAsync(Updates(server, conference), lastEventId);
            var events = await client.WaitForAsync(e => TweetIds(received.Concat(e), conference).Count >= until, Wait);
            received.AddRange(events);
            lastEventId = events[^1].Id;
            Assert.DoesNotContain(events, e => e.EventType == "reset");
            if (lastEventId is not null && received.Count > events.Count)
            {
                Assert.NotEqual("snapshot", events[0].EventType); // a resume, not a fresh start
            }
        }

        var ids = TweetIds(received, conference);
        Assert.Equal(flow.Ids.Order(StringComparer.Ordinal), ids.Order(StringComparer.Ordinal));
        
    }

    [Fact]
    public async Task A_last_event_id_that_is_not_ours_gets_a_reset_and_a_snapshot()
    {
        await using var client = await SseTestClient.ConnectAsync(new Uri(platform.Gateway, "/api/updates"), lastEventId: "tw.3.120");

        var events = await client.WaitForAsync(e => e.Count >= 2, Wait);

        Assert.Equal(["reset", "snapshot"], events.Take(2).Select(e => e.EventType));
        Assert.Contains("Last-Event-ID", JsonDocument.Parse(events[0].Data).RootElement.GetProperty("reason").GetString());
        Assert.Equal(events[0].Id, events[1].Id);
    }
}
