using Confluent.Kafka;
using Microsoft.Extensions.Options;
using TweetPlatform.Analytics.Apis;
using TweetPlatform.Analytics.Model;
using TweetPlatform.Analytics.Queries.Catalog;
using TweetPlatform.ServiceDefaults.RateLimiting;
using OpenTelemetry.Metrics;
using TweetPlatform.Analytics.Processing;
using TweetPlatform.Analytics.Routing;
using TweetPlatform.Analytics.Operators;
using TweetPlatform.Contracts;
using TweetPlatform.EventBus;
using TweetPlatform.Kafka;

namespace TweetPlatform.Analytics.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<AnalyticsOptions>(AnalyticsOptions.SectionName);

        builder.AddKafkaTopics(Topics.All.Select(t => (t.Name, t.Partitions, t.Config)));
        builder.AddKafkaEventBus(IntegrationEvents.Registry);
        builder.AddKafkaProducer<string, byte[]>("kafka");

        // Stage one: tweets and like counts (co-partitioned by tweet id) re-keyed by conference.
        builder.AddKeyedKafkaConsumer<string, byte[]>(ConferenceRouter.ConsumerKey, "kafka", settings =>
        {
            settings.Config.GroupId = ConferenceRouter.Group;
            settings.Config.PartitionAssignmentStrategy = PartitionAssignmentStrategy.Range;
        }, (services, consumer) => consumer.SetPartitionListener(services.GetRequiredService<RouterAssignment>()));

        // Stage two: per-conference state, restored from the changelog before a partition is processed.
        builder.AddKeyedKafkaConsumer<string, byte[]>(ConferenceAnalyticsProcessor.ConsumerKey, "kafka", settings =>
        {
            settings.Config.GroupId = ConferenceAnalyticsProcessor.Group;
            settings.Config.PartitionAssignmentStrategy = PartitionAssignmentStrategy.Range;
        }, (services, consumer) => consumer.SetPartitionListener(services.GetRequiredService<ConferenceAnalyticsProcessor>));

        // Every instance reads every live query's definition (no group, no commits).
        builder.AddKeyedKafkaConsumer<string, byte[]>(LiveQueryCatalogReader.ConsumerKey, "kafka", settings =>
        {
            settings.Config.GroupId = "analytics-live-queries";
            settings.Config.EnableAutoCommit = false;
            settings.Config.EnablePartitionEof = true;
        });
        builder.Services.AddSingleton<LiveQueryCatalog>();
        builder.Services.AddHostedService<LiveQueryCatalogReader>();
        builder.Services.AddSingleton<OperatorAuthenticator>();
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, AnalyticsJsonContext.Default));
        builder.Services.AddRateLimiter(options =>
        {
            options.OnRejected = RateLimitRejection.WriteProblemAsync;
            options.AddPolicy(QueriesApi.RateLimitPolicy, context =>
            {
                var settings = context.RequestServices.GetRequiredService<IOptions<AnalyticsOptions>>().Value;
                return RateLimitRejection.TokenBucket("ip:" + context.Connection.RemoteIpAddress, settings.QueryRequestsPerSecond, settings.QueryRequestBurst);
            });
        });

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<LateEventMetric>();
        builder.Services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddMeter(LateEventMetric.MeterName));
        builder.Services.AddSingleton<ConferenceRoutingState>();
        builder.Services.AddSingleton<RouterAssignment>();
        builder.Services.AddSingleton<AnalyticsTasks>();
        builder.Services.AddSingleton<ConferenceAnalyticsProcessor>();
        builder.Services.AddHostedService<ConferenceRouter>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ConferenceAnalyticsProcessor>());
    }
}
