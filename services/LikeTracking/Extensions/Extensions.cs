using Confluent.Kafka;
using TweetPlatform.Contracts;
using TweetPlatform.LikeTracking.Apis;
using TweetPlatform.LikeTracking.Model;
using TweetPlatform.LikeTracking.Processing;
using TweetPlatform.LikeTracking.Publishing;
using TweetPlatform.LikeTracking.Replicas;
using TweetPlatform.LikeTracking.Viewers;
using TweetPlatform.EventBus;
using TweetPlatform.Kafka;

namespace TweetPlatform.LikeTracking.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<LikeTrackingOptions>(LikeTrackingOptions.SectionName);

        builder.AddKafkaTopics(Topics.All.Select(t => (t.Name, t.Partitions, t.Config)));
        builder.AddKafkaEventBus(IntegrationEvents.Registry);
        builder.AddKafkaProducer<string, byte[]>("kafka");
        // Reads every partition of tweets and likes (no group, no commits): the replica behind the API.
        builder.AddKeyedKafkaConsumer<string, byte[]>(ReplicaConsumer.ConsumerKey, "kafka", settings =>
        {
            settings.Config.GroupId = "like-tracking-replica";
            settings.Config.EnableAutoCommit = false;
            settings.Config.EnablePartitionEof = true;
        });
        // The counting group: Range keeps a tweet's likes partition on one instance at a time.
        builder.AddKeyedKafkaConsumer<string, byte[]>(LikeCountProcessor.ConsumerKey, "kafka", settings =>
        {
            settings.Config.GroupId = LikeCountProcessor.Group;
            settings.Config.PartitionAssignmentStrategy = PartitionAssignmentStrategy.Range;
        }, (services, consumer) => consumer.SetPartitionListener(services.GetRequiredService<LikeCountPartitions>()));

        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, LikeTrackingJsonContext.Default));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<PartitionProgress>();
        builder.Services.AddSingleton<ReplicaState>();
        builder.Services.AddHealthChecks().AddCheck<ReplicaState>("replica", tags: ["ready"]);
        builder.Services.AddSingleton<TweetDirectory>();
        builder.Services.AddSingleton<LikeLedgerReplica>();
        builder.Services.AddSingleton<LikeCountPartitions>();
        builder.Services.AddSingleton<LikePublisher>();
        builder.Services.AddSingleton<LikeServices>();
        builder.Services.AddViewerRateLimit();
        builder.Services.AddHostedService<ReplicaConsumer>();
        builder.Services.AddHostedService<LikeCountProcessor>();
    }
}
