using System.Text;
using Confluent.Kafka;
using TweetPlatform.Contracts;
using TweetPlatform.EmbeddedKafka;
using TweetPlatform.IntegrationTests.Infrastructure;

namespace TweetPlatform.IntegrationTests.Kafka;

/// <summary>
/// <c>Kafka:DeadLetter:Topic</c> is where every consuming service puts a poison message, not only its default:
/// push-gateway, like-tracking and both stages of analytics, each its own process on a real Kafka-protocol broker.
/// </summary>
public sealed class DeadLetterTopicSettingTests : IAsyncLifetime
{
    private const string ConfiguredTopic = "ops.poison.v1";
    private const string NoGroup = "(none)";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private readonly MockKafkaCluster _kafka = MockKafkaCluster.Start();
    private ServiceProcesses? _services;

    public async Task InitializeAsync()
    {
        _kafka.CreateTopic(ConfiguredTopic, 1);
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__kafka"] = _kafka.BootstrapServers,
            ["Kafka__DeadLetter__Topic"] = ConfiguredTopic,
        };
        _services = await ServiceProcesses.StartAsync(environment,
            ("push-gateway", "TweetPlatform.PushGateway"), ("like-tracking", "TweetPlatform.LikeTracking"), ("analytics", "TweetPlatform.Analytics"));
    }

    [Fact]
    public async Task Every_consuming_service_dead_letters_to_the_configured_topic()
    {
        using (var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = _kafka.BootstrapServers }).Build())
        {
            foreach (var topic in new[] { Topics.Tweets, Topics.Likes, Topics.ConferenceActivity })
            {
                await producer.ProduceAsync(topic, new Message<string, byte[]> { Key = "poison-" + topic, Value = "{not json"u8.ToArray() });
            }
        }

        // Who put a letter there: (source topic, consumer group). Push-gateway reads every partition without a group.
        string[] expected = [$"{Topics.Tweets} {ConsumerGroups.AnalyticsRouter}", $"{Topics.Tweets} {NoGroup}", $"{Topics.Likes} {ConsumerGroups.LikeTracking}",
            $"{Topics.ConferenceActivity} {ConsumerGroups.Analytics}"];
        HashSet<string> letters = [];
        await Eventually.HoldsAsync(() =>
        {
            letters = KafkaTopicReader.ReadAll(_kafka.BootstrapServers, ConfiguredTopic)
                .Select(l => $"{Header(l, "dlq.source.topic")} {Header(l, "dlq.consumer.group")}").ToHashSet();
            var missing = expected.Where(e => !letters.Contains(e)).ToList();
            return missing.Count == 0 ? null : $"Letters in {ConfiguredTopic}: [{string.Join("; ", letters)}]; missing [{string.Join("; ", missing)}]";
        }, Wait, TimeSpan.FromMilliseconds(500));

        Assert.Empty(KafkaTopicReader.ReadAll(_kafka.BootstrapServers, Topics.DeadLetter));
    }

    private static string Header(ConsumeResult<string, byte[]> letter, string name) =>
        letter.Message.Headers.TryGetLastBytes(name, out var value) ? Encoding.UTF8.GetString(value) : NoGroup;

    public async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
        _kafka.Dispose();
    }
}
