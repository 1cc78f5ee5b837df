using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using TweetPlatform.PushGateway.Consuming;
using TweetPlatform.PushGateway.Streaming;

namespace TweetPlatform.PushGateway.Apis;

/// <summary><c>GET /api/updates</c>: every event as server-sent events (<c>event: tweet</c>, ...).</summary>
public static class UpdatesApi
{
    public static IEndpointRouteBuilder MapUpdatesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/updates", GetUpdates).WithTags("Updates");
        return app;
    }

    public static Results<SseStreamResult, ProblemHttpResult> GetUpdates(
        HttpContext context, SseBroadcaster broadcaster, UpdateStreamReadiness readiness,
        IOptions<PushGatewayOptions> options, TimeProvider time)
    {
        if (!readiness.IsReady || broadcaster.IsClosed)
        {
            context.Response.Headers.RetryAfter = "2";
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Unavailable",
                detail: broadcaster.IsClosed ? "This instance is shutting down." : "The update stream is not connected to Kafka yet.");
        }
        var remote = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var client = broadcaster.Connect(remote, options.Value.ClientQueueCapacity);
        return new SseStreamResult(client, broadcaster, options.Value, time);
    }
}
