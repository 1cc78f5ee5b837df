using System.Text;
using Confluent.Kafka;
using TweetPlatform.EventBus;
using TweetPlatform.Contracts;
using TweetPlatform.EmbeddedKafka;
using TweetPlatform.IntegrationTests.Infrastructure;

namespace TweetPlatform.IntegrationTests.Kafka;

/// <summary>
/// Every record the services write, on every topic (the analytics repartition topic, its changelog and the
/// findings included), carries <c>traceparent</c>, the topic's <c>event-type</c> and <c>content-type</c>, as the README
/// promises. Ingest, like-tracking and analytics, each its own process, on a real Kafka-protocol broker.
/// </summary>
public sealed class MessageHeadersTests : IAsyncLifetime
{
    private const string Secret = "headers-test-secret-0123456789";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    // What one tweet with a conference and a hashtag, and one like of it, make the platform write at least: every
    // kind of producer (ingest, like-tracking's two, the router, the changelog, a finding; all findings share one path).
    private static readonly string[] Written = [Topics.Tweets, Topics.Likes, Topics.LikeCounts, Topics.ConferenceActivity,
        Topics.AnalyticsChangelog, Topics.TrendingHashtags];
    private readonly MockKafkaCluster _kafka = MockKafkaCluster.Start();
    private ServiceProcesses? _services;
    private readonly HttpClient _http = new();
    private Uri _ingest = null!;
    private Uri _likeTracking = null!;

    public async Task InitializeAsync()
    {
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__kafka"] = _kafka.BootstrapServers,
            ["Ingest__WebhookSecret"] = Secret,
        };
        _services = await ServiceProcesses.StartAsync(environment,
            ("ingest", "TweetPlatform.Ingest"), ("like-tracking", "TweetPlatform.LikeTracking"), ("analytics", "TweetPlatform.Analytics"));
        (_ingest, _likeTracking) = (_services.Urls["ingest"], _services.Urls["like-tracking"]);
    }

    [Fact]
    public async Task Every_record_on_every_topic_carries_traceparent_its_event_type_and_content_type()
    {
        var id = TweetRequests.UniqueId();
        using (var response = await _http.SendAsync(TweetRequests.Tweet(_ingest, Secret, new { id, text = "Headers everywhere #kubecon #otel", author = "ana" })))
        {
            Assert.Equal(id, await TweetRequests.AcceptedIdAsync(response));
        }
        await Eventually.TrueAsync(async () =>
        {
            using var response = await _http.SendAsync(TweetRequests.Likes(HttpMethod.Post, _likeTracking, id, "viewer-headers-0001"));
            return response.IsSuccessStatusCode;
        }, "the like is taken", Wait, TimeSpan.FromMilliseconds(250));

        await Eventually.HoldsAsync(() =>
        {
            var empty = Written.Where(topic => KafkaTopicReader.ReadAll(_kafka.BootstrapServers, topic).Count == 0).ToList();
            return empty.Count == 0 ? null : $"Nothing written yet to {string.Join(", ", empty)}";
        }, Wait, TimeSpan.FromMilliseconds(500));

        // Then every record of every topic, whatever else was written by then.
        foreach (var topic in Topics.All.Select(t => t.Name).Where(t => t != Topics.DeadLetter))
        {
            var written = KafkaTopicReader.ReadAll(_kafka.BootstrapServers, topic);
            foreach (var record in written)
            {
                var where = $"{topic} [{record.Partition.Value}] @{record.Offset.Value} (key {record.Message.Key})";
                Assert.True(Header(record, "traceparent") is { Length: > 0 }, $"{where} has no traceparent");
                Assert.True(IntegrationEvents.Registry.ForTopic(topic).EventType == Header(record, EventHeaders.EventType), $"{where}: event-type {Header(record, EventHeaders.EventType)}");
                Assert.True(EventHeaders.Json == Header(record, EventHeaders.ContentType), $"{where}: content-type {Header(record, EventHeaders.ContentType)}");
            }
        }
    }

    private static string? Header(ConsumeResult<string, byte[]> record, string name) =>
        record.Message.Headers?.TryGetLastBytes(name, out var value) == true ? Encoding.UTF8.GetString(value) : null;

    public async Task DisposeAsync()
    {
        _http.Dispose();
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
        _kafka.Dispose();
    }
}
