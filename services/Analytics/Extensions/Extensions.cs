using TweetPlatform.Contracts;
using TweetPlatform.ServiceDefaults.Kafka;

namespace TweetPlatform.Analytics.Extensions;

internal static class Extensions
{
    /// <summary>
    /// So far the service only connects to Kafka and reports health (its Kafka health check is part
    /// of /health); its stream processing arrives with its own issue.
    /// </summary>
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddKafkaTopics(Topics.All.Select(t => (t.Name, t.Partitions, t.Config)));
        builder.AddKafkaProducer<string, byte[]>("kafka");
    }
}
