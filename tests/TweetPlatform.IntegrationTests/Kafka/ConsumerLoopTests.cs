using System.Collections.Concurrent;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TweetPlatform.Contracts;
using TweetPlatform.EmbeddedKafka;
using TweetPlatform.IntegrationTests.Infrastructure;
using TweetPlatform.EventBus;

namespace TweetPlatform.IntegrationTests.Kafka;

/// <summary>
/// The shared consume loop against a real Kafka-protocol broker: a message whose handler keeps failing
/// is dead-lettered with the reason after a few attempts, a transient failure is retried, nothing after
/// them is held up, and the group commits everything once it is done.
/// </summary>
public sealed class ConsumerLoopTests : IDisposable
{
    private const string Topic = "loop-test";
    private const string Group = "loop-test-group";
    private readonly MockKafkaCluster _kafka = MockKafkaCluster.Start();

    [Fact]
    public async Task A_failing_handler_is_dead_lettered_after_its_attempts_and_later_messages_still_flow()
    {
        _kafka.CreateTopic(Topic, 1);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:kafka"] = _kafka.BootstrapServers });
        builder.Logging.ClearProviders();
        builder.AddKafkaConsumer<string, byte[]>("kafka", settings =>
        {
            settings.Config.GroupId = Group;
            settings.Config.SessionTimeoutMs = 6000;
        });
        builder.AddKafkaEventBus(IntegrationEvents.Registry);
        builder.Services.Configure<DeadLetterOptions>(options => options.Topic = Topics.DeadLetter);
        builder.Services.AddSingleton<Handled>();
        builder.Services.AddHostedService<ScriptedConsumer>();
        using var host = builder.Build();
        await host.StartAsync();

        using (var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = _kafka.BootstrapServers }).Build())
        {
            foreach (var key in new[] { "bad", "flaky", "good" })
            {
                await producer.ProduceAsync(Topic, new Message<string, byte[]> { Key = key, Value = Encoding.UTF8.GetBytes(key) });
            }
        }

        var handled = host.Services.GetRequiredService<Handled>();
        await handled.WaitForAsync(["flaky", "good"], TimeSpan.FromSeconds(30));
        await KafkaTopicReader.WaitForGroupToCatchUpAsync(_kafka.BootstrapServers, Group, Topic, TimeSpan.FromSeconds(30));
        await host.StopAsync();

        Assert.Equal(ScriptedConsumer.MaxAttempts, handled.Attempts["bad"]);
        Assert.Equal(3, handled.Attempts["flaky"]);
        var dead = KafkaTopicReader.ReadAll(_kafka.BootstrapServers, Topics.DeadLetter);
        var letter = Assert.Single(dead);
        Assert.Equal("bad", letter.Message.Key);
        Assert.Contains($"Handler failed {ScriptedConsumer.MaxAttempts} times", Encoding.UTF8.GetString(letter.Message.Headers.GetLastBytes(DeadLetterPublisher.ReasonHeader)));
        Assert.Equal(Topic, Encoding.UTF8.GetString(letter.Message.Headers.GetLastBytes(DeadLetterPublisher.SourceTopicHeader)));
        Assert.Equal(Group, Encoding.UTF8.GetString(letter.Message.Headers.GetLastBytes(DeadLetterPublisher.ConsumerGroupHeader)));
    }

    public void Dispose() => _kafka.Dispose();

    /// <summary>What the handler saw, for the test to wait on.</summary>
    private sealed class Handled
    {
        private readonly ConcurrentDictionary<string, bool> _done = new();

        public ConcurrentDictionary<string, int> Attempts { get; } = new();

        public void Done(string key) => _done[key] = true;

        public async Task WaitForAsync(string[] keys, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (!keys.All(_done.ContainsKey))
            {
                Assert.True(DateTime.UtcNow < deadline, $"Handled so far: {string.Join(",", _done.Keys)}");
                await Task.Delay(50);
            }
        }
    }

    /// <summary>"bad" always fails, "flaky" fails twice then succeeds, anything else succeeds.</summary>
    private sealed class ScriptedConsumer(IConsumer<string, byte[]> consumer, DeadLetterPublisher deadLetters, Handled handled, ILogger<ScriptedConsumer> logger)
        : KafkaConsumerService<string, byte[]>(consumer, deadLetters, TimeProvider.System, logger)
    {
        public const int MaxAttempts = 5;

        protected override string? GroupId => Group;

        protected override void StartConsuming(IConsumer<string, byte[]> consumer, CancellationToken stoppingToken) => consumer.Subscribe(Topic);

        protected override ValueTask HandleAsync(ConsumeResult<string, byte[]> result, CancellationToken cancellationToken)
        {
            var attempt = handled.Attempts.AddOrUpdate(result.Message.Key, 1, (_, n) => n + 1);
            if (result.Message.Key == "bad" || (result.Message.Key == "flaky" && attempt < 3))
            {
                throw new InvalidOperationException($"cannot handle {result.Message.Key}");
            }
            handled.Done(result.Message.Key);
            return ValueTask.CompletedTask;
        }
    }
}
