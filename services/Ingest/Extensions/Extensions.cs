using TweetPlatform.Contracts;
using TweetPlatform.Ingest.Apis;
using TweetPlatform.Ingest.Model;
using TweetPlatform.Ingest.Parsing;
using TweetPlatform.Ingest.Publishing;
using TweetPlatform.Ingest.Security;
using TweetPlatform.ServiceDefaults.Deduplication;
using TweetPlatform.EventBus;
using TweetPlatform.Kafka;

namespace TweetPlatform.Ingest.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<IngestOptions>(IngestOptions.SectionName);

        builder.AddKafkaProducer<string, byte[]>("kafka");
        builder.AddKafkaTopics(Topics.All.Select(t => (t.Name, t.Partitions, t.Config)));
        builder.AddKafkaEventBus(IntegrationEvents.Registry);

        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, IngestJsonContext.Default));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ConferenceMatcher>();
        builder.Services.AddSingleton<TweetMapper>();
        builder.Services.AddSingleton<TweetPublisher>();
        builder.Services.AddSingleton<WebhookAuthenticator>();
        builder.Services.AddSingleton(services =>
            new RecentIdSet(Math.Max(1, services.GetRequiredService<Microsoft.Extensions.Options.IOptions<IngestOptions>>().Value.RecentIdCapacity)));
        builder.Services.AddSingleton<IngestServices>();
    }
}
