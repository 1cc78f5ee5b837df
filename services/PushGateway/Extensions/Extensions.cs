using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using TweetPlatform.Contracts;
using TweetPlatform.EventBus;
using TweetPlatform.Kafka;
using TweetPlatform.PushGateway.Consuming;
using TweetPlatform.PushGateway.Feed;
using TweetPlatform.PushGateway.Sse;

namespace TweetPlatform.PushGateway.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<PushGatewayOptions>(PushGatewayOptions.SectionName);
        // A stream's response buffer is bounded like its socket's (see PushGatewayOptions.StreamBufferBytes).
        builder.Services.AddOptions<KestrelServerOptions>().Configure<IOptions<PushGatewayOptions>>((kestrel, options) =>
            kestrel.Limits.MaxResponseBufferSize = options.Value.StreamBufferBytes);
        builder.Services.AddOptions<SocketTransportOptions>().Configure<IOptions<PushGatewayOptions>>((transport, options) =>
            transport.MaxWriteBufferSize = options.Value.StreamBufferBytes);

        builder.AddKafkaTopics(Topics.All.Select(t => (t.Name, t.Partitions, t.Config)));
        builder.AddKafkaEventBus(IntegrationEvents.Registry);
        builder.AddKafkaConsumer<string, byte[]>("kafka", settings =>
        {
            // Partitions are assigned, not subscribed, and nothing is committed: each instance reads everything.
            settings.Config.EnableAutoCommit = false;
            // Reaching a partition's end moves the stream position on and ends the start-up replay.
            settings.Config.EnablePartitionEof = true;
        });

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<CutOffMemoryRelease>();
        builder.Services.AddSingleton<SseBroadcaster>();
        builder.Services.AddSingleton<SseMetrics>();
        builder.Services.AddSingleton<LiveFeed>();
        builder.Services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddMeter(SseBroadcaster.MeterName));
        builder.Services.AddSingleton<FeedReadiness>();
        builder.Services.AddHealthChecks().AddCheck<FeedReadiness>("update-stream", tags: ["ready"]);
        builder.Services.AddHostedService<FeedConsumer>();
        builder.Services.AddHostedService<SseShutdown>();
        builder.Services.AddHostedService<SseKeepAlive>();
    }
}
