using Microsoft.Extensions.Options;
using TweetPlatform.ServiceDefaults.RateLimiting;

namespace TweetPlatform.LikeTracking.Viewers;

/// <summary>
/// Likes per viewer id (a token bucket each). Requests without a valid viewer id share one bucket per
/// client address. The gateway adds a per-IP limit in front.
/// </summary>
public static class ViewerRateLimit
{
    public const string PolicyName = "viewer";

    public static IServiceCollection AddViewerRateLimit(this IServiceCollection services) =>
        services.AddRateLimiter(options =>
        {
            options.OnRejected = RateLimitRejection.WriteProblemAsync;
            options.AddPolicy(PolicyName, context =>
            {
                var settings = context.RequestServices.GetRequiredService<IOptions<LikeTrackingOptions>>().Value;
                var viewer = ViewerIds.From(context.Request);
                var key = ViewerIds.IsValid(viewer) ? "viewer:" + viewer : "ip:" + context.Connection.RemoteIpAddress;
                return RateLimitRejection.TokenBucket(key, settings.ViewerTokensPerSecond, settings.ViewerBurst);
            });
        });
}
