using TweetPlatform.Contracts;
using TweetPlatform.PushGateway.Consuming;
using TweetPlatform.PushGateway.Streaming;
using TweetPlatform.ServiceDefaults.Kafka;

namespace TweetPlatform.PushGateway.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<PushGatewayOptions>(PushGatewayOptions.SectionName);

        builder.AddKafkaTopics(Topics.All.Select(t => (t.Name, t.Partitions, t.Config)));
        builder.AddKafkaConsumer<string, byte[]>("kafka", settings =>
        {
            // Partitions are assigned, not subscribed, and nothing is committed: each instance reads everything.
            settings.Config.EnableAutoCommit = false;
        });
        builder.Services.Configure<DeadLetterOptions>(options => options.Topic = Topics.DeadLetter);

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<SseBroadcaster>();
        builder.Services.AddSingleton<UpdateStreamReadiness>();
        builder.Services.AddHealthChecks().AddCheck<UpdateStreamReadiness>("update-stream", tags: ["ready"]);
        builder.Services.AddHostedService<UpdateStreamConsumer>();
        builder.Services.AddHostedService<SseShutdown>();
    }
}
