using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace TweetPlatform.Kafka;

/// <summary>Ours, not Aspire's: topics the platform needs, created at start-up where missing.</summary>
public static class KafkaTopicsExtensions
{
    /// <summary>Creates the given topics at start-up where they are missing (<see cref="KafkaTopicProvisioner"/>).</summary>
    public static void AddKafkaTopics(this IHostApplicationBuilder builder,
        IEnumerable<(string Name, int Partitions, IReadOnlyDictionary<string, string>? Config)> topics)
    {
        var list = topics.ToList();
        builder.Services.AddOptions<KafkaTopicProvisioningOptions>()
            .BindConfiguration(KafkaTopicProvisioningOptions.SectionName)
            .Configure(options => options.Topics.AddRange(list.Where(t => !options.Topics.Contains(t))));
        builder.Services.AddHostedService<KafkaTopicProvisioner>();
    }
}
