using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace TweetPlatform.Gateway.Extensions;

internal static class Extensions
{
    public const string IngestPolicy = "ingest";
    public const string UpdatesPolicy = "updates";

    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<GatewayOptions>()
            .BindConfiguration(GatewayOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // Destinations come from configuration: appsettings for a plain local run, environment
        // variables from the local runner or the Aspire AppHost.
        builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"));

        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = OnRejectedAsync;
            options.AddPolicy(IngestPolicy, context => PerClientIp(context, o => o.Ingest));
            options.AddPolicy(UpdatesPolicy, context => PerClientIp(context, o => o.Updates));
        });
    }

    private static RateLimitPartition<string> PerClientIp(HttpContext context, Func<RateLimitOptions, TokenBucket> select)
    {
        var bucket = select(context.RequestServices.GetRequiredService<IOptions<GatewayOptions>>().Value.RateLimits);
        var client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (bucket.TokensPerSecond == 0)
        {
            return RateLimitPartition.GetNoLimiter(client);
        }
        return RateLimitPartition.GetTokenBucketLimiter(client, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = bucket.Burst,
            TokensPerPeriod = bucket.TokensPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    private static async ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = "This client sent too many requests; retry after the time in Retry-After.",
            },
        });
    }
}
