using System.Threading.RateLimiting;
using TweetPlatform.ServiceDefaults.RateLimiting;
using Microsoft.Extensions.Options;
using TweetPlatform.Gateway.WarmUp;
using TweetPlatform.ServiceDefaults.WarmUp;

namespace TweetPlatform.Gateway.Extensions;

internal static class Extensions
{
    public const string IngestPolicy = "ingest";
    public const string UpdatesPolicy = "updates";
    public const string LikesPolicy = "likes";
    public const string QueriesPolicy = "queries";

    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<GatewayOptions>(GatewayOptions.SectionName);

        // Destinations come from configuration. Under the AppHost they are service names (http://ingest),
        // resolved by service discovery to every address the AppHost gives that service; a plain address
        // (appsettings, or set outside Aspire) passes through unchanged.
        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddServiceDiscoveryDestinationResolver();
        builder.AddWarmUp<GatewayWarmUp>();

        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = RateLimitRejection.WriteProblemAsync;
            options.AddPolicy(IngestPolicy, context => PerClientIp(context, o => o.Ingest));
            options.AddPolicy(UpdatesPolicy, context => PerClientIp(context, o => o.Updates));
            options.AddPolicy(LikesPolicy, context => PerClientIp(context, o => o.Likes));
            options.AddPolicy(QueriesPolicy, context => PerClientIp(context, o => o.Queries));
        });
    }

    private static RateLimitPartition<string> PerClientIp(HttpContext context, Func<RateLimitOptions, TokenBucket> select)
    {
        if (context.RequestServices.GetRequiredService<WarmUpRequestMark>().IsMarked(context.Request))
        {
            return RateLimitPartition.GetNoLimiter("warm-up");
        }
        var bucket = select(context.RequestServices.GetRequiredService<IOptions<GatewayOptions>>().Value.RateLimits);
        return RateLimitRejection.TokenBucket(context.Connection.RemoteIpAddress?.ToString() ?? "unknown", bucket.TokensPerSecond, bucket.Burst);
    }
}
