using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TweetPlatform.Contracts;
using TweetPlatform.EventBus;

namespace TweetPlatform.UnitTests.EventBus;

/// <summary>
/// A host disposed without being stopped (Dispose does not stop its hosted services) disposes the
/// Kafka consumer right after the consume loop's service. The loop must have left the consumer by then: a
/// librdkafka handle destroyed while another thread is in Consume or Close corrupts the native heap (it crashed
/// the test host). No broker is needed: the loop polls an address where nothing listens.
/// </summary>
public sealed class ConsumerDisposalTests
{
    [Fact]
    public async Task Disposing_the_host_without_stopping_it_ends_the_consume_loop_and_closes_its_consumer_before_the_consumer_is_disposed()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:kafka"] = "127.0.0.1:9" });
        builder.Logging.ClearProviders();
        builder.AddKafkaConsumer<string, byte[]>("kafka", settings => settings.Config.GroupId = "disposal-test");
        builder.AddKafkaEventBus(IntegrationEvents.Registry);
        builder.Services.AddSingleton<PollingConsumer>();
        builder.Services.AddHostedService(services => services.GetRequiredService<PollingConsumer>());
        var host = builder.Build();
        await host.StartAsync();
        var loop = host.Services.GetRequiredService<PollingConsumer>();
        await loop.Polling.WaitAsync(TimeSpan.FromSeconds(10));

        host.Dispose();

        // Completed, and without a fault: Close on a consumer disposed under the loop would have thrown.
        Assert.NotNull(loop.ExecuteTask);
        Assert.True(loop.ExecuteTask.IsCompletedSuccessfully, $"The loop is {loop.ExecuteTask.Status}: {loop.ExecuteTask.Exception}");
    }

    private sealed class PollingConsumer(IConsumer<string, byte[]> consumer, DeadLetterPublisher deadLetters, ILogger<PollingConsumer> logger)
        : KafkaConsumerService<string, byte[]>(consumer, deadLetters, TimeProvider.System, logger)
    {
        private readonly TaskCompletionSource _polling = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Polling => _polling.Task;

        // Without a group the loop ends with Close (with one, Commit and Close): calls on the consumer either way.
        protected override void StartConsuming(IConsumer<string, byte[]> consumer, CancellationToken stoppingToken)
        {
            consumer.Assign(new TopicPartitionOffset(Topics.Tweets, 0, Offset.Beginning));
            _polling.TrySetResult();
        }

        protected override ValueTask HandleAsync(ConsumeResult<string, byte[]> result, CancellationToken cancellationToken) =>
            ValueTask.CompletedTask;
    }
}
