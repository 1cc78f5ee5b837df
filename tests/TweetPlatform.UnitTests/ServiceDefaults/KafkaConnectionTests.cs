using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TweetPlatform.EventBus;
using TweetPlatform.Kafka;

namespace TweetPlatform.UnitTests.ServiceDefaults;

/// <summary>
/// The clients the platform builds itself (the topic provisioner's admin client, analytics' state-restore
/// consumer) start from the whole configured Confluent settings, TLS and SASL included, not the bootstrap
/// address alone: against a cluster that needs them, they would not connect otherwise.
/// </summary>
public sealed class KafkaConnectionTests
{
    private static KafkaConnection Resolve(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddKafkaProducer<string, byte[]>("kafka");
        builder.AddKafkaConsumer<string, byte[]>("kafka", s => s.Config.GroupId = "a-group");
        using var host = builder.Build();
        return host.Services.GetRequiredService<KafkaConnection>();
    }

    private static readonly Dictionary<string, string?> SecuredCluster = new()
    {
        ["ConnectionStrings:kafka"] = "broker-0.example:9093",
        ["Aspire:Confluent:Kafka:Producer:Config:SecurityProtocol"] = "SaslSsl",
        ["Aspire:Confluent:Kafka:Producer:Config:SaslMechanism"] = "ScramSha512",
        ["Aspire:Confluent:Kafka:Producer:Config:SaslUsername"] = "producer-user",
        ["Aspire:Confluent:Kafka:Producer:Config:SaslPassword"] = "producer-password",
        ["Aspire:Confluent:Kafka:Producer:Config:ssl.ca.location"] = "/etc/kafka/ca.pem",
        ["Aspire:Confluent:Kafka:Consumer:Config:SecurityProtocol"] = "SaslSsl",
        ["Aspire:Confluent:Kafka:Consumer:Config:SaslMechanism"] = "ScramSha512",
        ["Aspire:Confluent:Kafka:Consumer:Config:SaslUsername"] = "consumer-user",
        ["Aspire:Confluent:Kafka:Consumer:Config:SaslPassword"] = "consumer-password",
    };

    [Fact]
    public void An_admin_client_gets_the_producer_settings_without_the_producer_only_ones()
    {
        var admin = Resolve(SecuredCluster).AdminConfig();

        Assert.Equal("broker-0.example:9093", admin.BootstrapServers);
        Assert.Equal(SecurityProtocol.SaslSsl, admin.SecurityProtocol);
        Assert.Equal(SaslMechanism.ScramSha512, admin.SaslMechanism);
        Assert.Equal("producer-user", admin.SaslUsername);
        Assert.Equal("producer-password", admin.SaslPassword);
        Assert.Equal("/etc/kafka/ca.pem", admin.SslCaLocation);
        Assert.DoesNotContain(admin, setting => setting.Key is "enable.idempotence" or "acks" or "partitioner");
    }

    [Fact]
    public void A_consumer_the_platform_builds_gets_the_consumer_settings_and_no_group_of_another()
    {
        var consumer = Resolve(SecuredCluster).ConsumerConfig();

        Assert.Equal("broker-0.example:9093", consumer.BootstrapServers);
        Assert.Equal(SecurityProtocol.SaslSsl, consumer.SecurityProtocol);
        Assert.Equal("consumer-user", consumer.SaslUsername);
        Assert.Equal("consumer-password", consumer.SaslPassword);
        Assert.Null(consumer.GroupId);
    }

    [Fact]
    public void Each_call_gives_a_copy_so_one_client_cannot_change_another_s_settings()
    {
        var connection = Resolve(SecuredCluster);
        var first = connection.ConsumerConfig();
        first.GroupId = "restore";
        first.BootstrapServers = "elsewhere:9092";

        Assert.Null(connection.ConsumerConfig().GroupId);
        Assert.Equal("broker-0.example:9093", connection.ConsumerConfig().BootstrapServers);
    }
}
