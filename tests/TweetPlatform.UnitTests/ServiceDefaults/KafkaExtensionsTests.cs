using Aspire.Confluent.Kafka;
using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using TweetPlatform.EventBus;
using TweetPlatform.Kafka;

namespace TweetPlatform.UnitTests.ServiceDefaults;

/// <summary>Registering Kafka clients: configuration binding and start-up errors for missing settings.</summary>
public sealed class KafkaExtensionsTests
{
    private static HostApplicationBuilder Builder(params (string Key, string Value)[] settings)
    {
        // No environment variables or appsettings files: only what the test sets.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, Args = [] });
        builder.Configuration.AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));
        return builder;
    }

    [Fact]
    public void Producer_settings_combine_defaults_connection_string_typed_and_raw_librdkafka_keys()
    {
        var builder = Builder(
            ("ConnectionStrings:kafka", "127.0.0.1:1"),
            ("Aspire:Confluent:Kafka:Producer:Config:LingerMs", "7"),
            ("Aspire:Confluent:Kafka:Producer:Config:message.timeout.ms", "1234"));
        KafkaProducerSettings? seen = null;

        builder.AddKafkaProducer<string, byte[]>("kafka", settings => seen = settings);

        Assert.NotNull(seen);
        Assert.Equal("127.0.0.1:1", seen.Config.BootstrapServers);
        Assert.Equal(7, seen.Config.LingerMs);
        Assert.Equal(1234, seen.Config.MessageTimeoutMs);
        Assert.Equal(Acks.All, seen.Config.Acks);
        Assert.True(seen.Config.EnableIdempotence);
    }

    [Fact]
    public void Producer_defaults_can_be_overridden_from_configuration()
    {
        var builder = Builder(
            ("ConnectionStrings:kafka", "127.0.0.1:1"),
            ("Aspire:Confluent:Kafka:Producer:Config:acks", "1"),
            ("Aspire:Confluent:Kafka:Producer:Config:EnableIdempotence", "false"));
        KafkaProducerSettings? seen = null;

        builder.AddKafkaProducer<string, byte[]>("kafka", settings => seen = settings);

        Assert.Equal(Acks.Leader, seen!.Config.Acks);
        Assert.False(seen.Config.EnableIdempotence);
    }

    [Fact]
    public void Producer_without_connection_string_fails_naming_the_setting()
    {
        var builder = Builder();

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddKafkaProducer<string, byte[]>("kafka"));

        Assert.Contains("ConnectionStrings:kafka", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Consumer_without_group_id_fails_naming_the_setting()
    {
        var builder = Builder(("ConnectionStrings:kafka", "127.0.0.1:1"));

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddKafkaConsumer<string, byte[]>("kafka"));

        Assert.Contains("group id", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Consumer_settings_combine_defaults_with_configured_group_and_raw_keys()
    {
        var builder = Builder(
            ("ConnectionStrings:kafka", "127.0.0.1:1"),
            ("Aspire:Confluent:Kafka:Consumer:Config:GroupId", "push-gateway"),
            ("Aspire:Confluent:Kafka:Consumer:Config:fetch.wait.max.ms", "25"));
        KafkaConsumerSettings? seen = null;

        builder.AddKafkaConsumer<string, byte[]>("kafka", settings => seen = settings);

        Assert.NotNull(seen);
        Assert.Equal("127.0.0.1:1", seen.Config.BootstrapServers);
        Assert.Equal("push-gateway", seen.Config.GroupId);
        Assert.Equal(25, seen.Config.FetchWaitMaxMs);
        Assert.Equal(true, seen.Config.EnableAutoCommit);
        Assert.Equal(false, seen.Config.EnableAutoOffsetStore);
        Assert.Equal(AutoOffsetReset.Earliest, seen.Config.AutoOffsetReset);
    }

    [Fact]
    public void Consumer_without_connection_string_fails_naming_the_setting()
    {
        var builder = Builder(("Aspire:Confluent:Kafka:Consumer:Config:GroupId", "push-gateway"));

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddKafkaConsumer<string, byte[]>("kafka"));

        Assert.Contains("ConnectionStrings:kafka", error.Message, StringComparison.Ordinal);
    }
}
