using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using TweetPlatform.PushGateway.Consuming;
using TweetPlatform.PushGateway.Feed;
using TweetPlatform.PushGateway.Sse;

namespace TweetPlatform.PushGateway.Apis;

/// <summary>
/// <c>GET /api/updates</c>: a snapshot, then every event as server-sent events (<c>event: tweet</c>, ...).
/// <c>?conference=</c> (repeated or comma-separated) limits the stream to those conferences; <c>?query=</c> (ids,
/// at most 10) adds the <c>query-result</c> events of those live queries, whatever the conferences. A
/// <c>Last-Event-ID</c> header (or <c>?lastEventId=</c>, for clients that open a new EventSource
/// themselves) resumes exactly after that event, or sends <c>reset</c> and a fresh snapshot.
/// </summary>
public static class UpdatesApi
{
    public static IEndpointRouteBuilder MapUpdatesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/updates", GetUpdates).WithTags("Updates");
        return app;
    }

    public static Results<SseStreamResult, ProblemHttpResult> GetUpdates(
        HttpContext context,
        [FromQuery(Name = "conference")] string[]? conferences,
        [FromQuery(Name = "query")] string[]? queryIds,
        [FromQuery(Name = "only")] string? only,
        [FromHeader(Name = "Last-Event-ID")] string? lastEventIdHeader,
        [FromQuery] string? lastEventId,
        [AsParameters] UpdatesServices services)
    {
        var options = services.Options.Value;
        var filter = ConferenceFilter.Parse(conferences ?? [], out var error);
        if (error is not null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid conference filter", detail: error);
        }
        var queries = QueryFilter.Parse(queryIds ?? [], only, out var queryError);
        if (queryError is not null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid query filter", detail: queryError);
        }
        if (!services.Readiness.IsReady)
        {
            return Unavailable(context, "The update stream is still replaying its history.", retryAfterSeconds: 2);
        }
        var remote = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        return services.Broadcaster.TryConnect(remote, filter, queries, out var client) switch
        {
            ConnectResult.Accepted => new SseStreamResult(client!, lastEventIdHeader ?? lastEventId, services.Stream, services.Broadcaster,
                services.Metrics, options, services.Time),
            ConnectResult.AddressFull => TooMany(context, options.MaxConnectionsPerAddress),
            ConnectResult.InstanceFull => Unavailable(context, "This instance serves as many streams as it can.", retryAfterSeconds: 5),
            _ => Unavailable(context, "This instance is shutting down.", retryAfterSeconds: 2),
        };
    }

    private static ProblemHttpResult Unavailable(HttpContext context, string detail, int retryAfterSeconds)
    {
        context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Unavailable", detail: detail);
    }

    private static ProblemHttpResult TooMany(HttpContext context, int limit)
    {
        context.Response.Headers.RetryAfter = "10";
        return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many streams",
            detail: $"At most {limit} update streams can be open from one address.");
    }
}

/// <summary>What <see cref="UpdatesApi"/> needs from the container.</summary>
public sealed class UpdatesServices(
    LiveFeed stream, SseBroadcaster broadcaster, SseMetrics metrics, FeedReadiness readiness,
    IOptions<PushGatewayOptions> options, TimeProvider time)
{
    public LiveFeed Stream { get; } = stream;
    public SseBroadcaster Broadcaster { get; } = broadcaster;
    public SseMetrics Metrics { get; } = metrics;
    public FeedReadiness Readiness { get; } = readiness;
    public IOptions<PushGatewayOptions> Options { get; } = options;
    public TimeProvider Time { get; } = time;
}
