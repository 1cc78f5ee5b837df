using Microsoft.AspNetCore.Http.HttpResults;
using TweetPlatform.Contracts;
using TweetPlatform.Contracts.Events;
using TweetPlatform.LikeTracking.Model;
using TweetPlatform.LikeTracking.Viewers;

namespace TweetPlatform.LikeTracking.Apis;

/// <summary>
/// <c>POST</c> (like), <c>DELETE</c> (unlike) and <c>GET</c> on <c>/api/tweets/{tweetId}/likes</c>, for the
/// viewer in the X-Viewer-Id header. Likes are idempotent: 200 says whether this request changed anything.
/// </summary>
public static class LikesApi
{
    public static IEndpointRouteBuilder MapLikesApi(this IEndpointRouteBuilder app)
    {
        var likes = app.MapGroup("/api/tweets/{tweetId}/likes").WithTags("Likes").RequireRateLimiting(ViewerRateLimit.PolicyName);
        likes.MapPost("", (string tweetId, HttpRequest request, [AsParameters] LikeEndpointServices endpoint, CancellationToken cancellationToken) =>
            SetAsync(tweetId, liked: true, request, endpoint.Services, cancellationToken));
        likes.MapDelete("", (string tweetId, HttpRequest request, [AsParameters] LikeEndpointServices endpoint, CancellationToken cancellationToken) =>
            SetAsync(tweetId, liked: false, request, endpoint.Services, cancellationToken));
        likes.MapGet("", GetAsync);
        return app;
    }

    public static async Task<Results<Ok<LikeState>, Accepted<LikePending>, ValidationProblem, ProblemHttpResult>> SetAsync(
        string tweetId, bool liked, HttpRequest request, LikeServices services, CancellationToken cancellationToken)
    {
        if (Validate(tweetId, request, out var viewerId) is { } invalid)
        {
            return invalid;
        }
        if (await ExistsAsync(services, tweetId, request, cancellationToken) is { } notFound)
        {
            return notFound;
        }
        var stored = await services.Publisher.PublishLikeAsync(new LikeToggled
        {
            TweetId = tweetId,
            ViewerId = viewerId,
            Liked = liked,
            RequestedAt = services.Time.GetUtcNow(),
        }, cancellationToken);
        if (stored is null)
        {
            return Unavailable(request, "The event store cannot take the like right now; nothing was stored.");
        }
        // Read our own write: what did this event do, once the replica has applied it?
        var outcome = await services.Ledger.OutcomeOfAsync(stored.Partition.Value, stored.Offset.Value, cancellationToken);
        return outcome is null
            ? TypedResults.Accepted((string?)null, new LikePending(tweetId, liked))
            : TypedResults.Ok(new LikeState(tweetId, outcome.Liked, outcome.Count, outcome.Changed));
    }

    public static async Task<Results<Ok<LikeState>, ValidationProblem, ProblemHttpResult>> GetAsync(
        string tweetId, HttpRequest request, [AsParameters] LikeEndpointServices endpoint, CancellationToken cancellationToken)
    {
        if (Validate(tweetId, request, out var viewerId) is { } invalid)
        {
            return invalid;
        }
        if (await ExistsAsync(endpoint.Services, tweetId, request, cancellationToken) is { } notFound)
        {
            return notFound;
        }
        var (count, liked) = endpoint.Services.Ledger.Current(tweetId, viewerId);
        return TypedResults.Ok(new LikeState(tweetId, liked, count));
    }

    private static ValidationProblem? Validate(string tweetId, HttpRequest request, out string viewerId)
    {
        viewerId = ViewerIds.From(request) ?? "";
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!ViewerIds.IsValid(viewerId))
        {
            errors[ViewerIds.HeaderName] = ["Send an X-Viewer-Id header of 8-64 letters, digits, '-' or '_'."];
        }
        if (!TweetIdFormat.IsValid(tweetId))
        {
            errors["tweetId"] = [$"A tweet id is 1-{TweetIdFormat.MaxLength} letters, digits, '-' or '_'."];
        }
        return errors.Count == 0 ? null : TypedResults.ValidationProblem(errors, title: "Invalid like request");
    }

    /// <summary>Null when the tweet exists; otherwise 404, or 503 when Kafka cannot tell right now.</summary>
    private static async Task<ProblemHttpResult?> ExistsAsync(LikeServices services, string tweetId, HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await services.Tweets.ExistsAsync(tweetId, cancellationToken) ? null : UnknownTweet(tweetId);
        }
        catch (Confluent.Kafka.KafkaException)
        {
            return Unavailable(request, "Kafka cannot be asked about this tweet right now.");
        }
    }

    private static ProblemHttpResult Unavailable(HttpRequest request, string detail)
    {
        request.HttpContext.Response.Headers.RetryAfter = "2";
        return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Try again later", detail: detail);
    }

    private static ProblemHttpResult UnknownTweet(string tweetId) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown tweet",
            detail: $"No tweet with id '{tweetId}' was received.");
}

/// <summary>Binds <see cref="LikeServices"/> from DI for the endpoint delegates.</summary>
public readonly record struct LikeEndpointServices(LikeServices Services);
