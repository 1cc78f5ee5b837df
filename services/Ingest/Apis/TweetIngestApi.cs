using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.HttpResults;
using TweetPlatform.Contracts.Events;
using TweetPlatform.Ingest.Model;
using TweetPlatform.Ingest.Parsing;
using TweetPlatform.Ingest.Publishing;

namespace TweetPlatform.Ingest.Apis;

/// <summary>
/// <c>POST /api/tweets</c> (our JSON) and <c>POST /api/webhooks/ifttt</c> (IFTTT's ingredients).
/// 202 means Kafka has stored the tweet; 503 means it has not and the sender should retry.
/// </summary>
public static class TweetIngestApi
{
    public static IEndpointRouteBuilder MapTweetIngestApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Ingest");
        api.MapPost("/tweets", PostTweetAsync);
        api.MapPost("/webhooks/ifttt", PostIftttWebhookAsync);
        return app;
    }

    public static Task<Results<Accepted<TweetAccepted>, ValidationProblem, ProblemHttpResult>> PostTweetAsync(
        HttpContext context, [AsParameters] IngestEndpointServices endpoint, CancellationToken cancellationToken) =>
        IngestAsync(context, endpoint.Services, IngestJsonContext.Default.TweetSubmission, acceptTextPlain: false,
            lenientStrings: false, (body, services, now) => services.Mapper.FromSubmission(body, now), cancellationToken);

    public static Task<Results<Accepted<TweetAccepted>, ValidationProblem, ProblemHttpResult>> PostIftttWebhookAsync(
        HttpContext context, [AsParameters] IngestEndpointServices endpoint, CancellationToken cancellationToken) =>
        // IFTTT can only send text/plain or JSON, and puts raw newlines into strings.
        IngestAsync(context, endpoint.Services, IngestJsonContext.Default.IftttTweetPayload, acceptTextPlain: true,
            lenientStrings: true, (body, services, now) => services.Mapper.FromIfttt(body, now), cancellationToken);

    private static async Task<Results<Accepted<TweetAccepted>, ValidationProblem, ProblemHttpResult>> IngestAsync<TBody>(
        HttpContext context, IngestServices services, JsonTypeInfo<TBody> bodyType, bool acceptTextPlain, bool lenientStrings,
        Func<TBody, IngestServices, DateTimeOffset, TweetMapping> map, CancellationToken cancellationToken)
        where TBody : class
    {
        if (!services.Authenticator.IsAuthorized(context.Request))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized",
                detail: "Send the webhook secret in the X-Webhook-Secret header or the 'secret' query parameter.");
        }

        var (bytes, problem) = await RequestBodyReader.ReadJsonAsync(context.Request, services.Options.MaxBodyBytes, acceptTextPlain, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        if (lenientStrings)
        {
            bytes = LenientJsonStrings.EscapeControlCharactersInStrings(bytes);
        }

        TBody? body;
        try
        {
            body = JsonSerializer.Deserialize(bytes, bodyType);
        }
        catch (JsonException ex)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { [FieldOf(ex.Path)] = [JsonErrorMessage(ex)] },
                title: "Malformed JSON");
        }
        if (body is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["$"] = ["The body must be a JSON object."] },
                title: "Malformed JSON");
        }

        var mapping = map(body, services, services.Time.GetUtcNow());
        if (mapping.Tweet is not { } tweet)
        {
            return TypedResults.ValidationProblem(mapping.Errors, title: "Invalid tweet");
        }
        return await PublishAsync(context, services, tweet, cancellationToken);
    }

    private static async Task<Results<Accepted<TweetAccepted>, ValidationProblem, ProblemHttpResult>> PublishAsync(
        HttpContext context, IngestServices services, TweetReceived tweet, CancellationToken cancellationToken)
    {
        // A re-send of a tweet this instance already stored: acknowledge without producing again.
        if (services.AcceptedIds.Contains(tweet.TweetId))
        {
            return TypedResults.Accepted((string?)null, new TweetAccepted(tweet.TweetId));
        }
        var outcome = await services.Publisher.PublishAsync(tweet, cancellationToken);
        if (outcome != PublishOutcome.Stored)
        {
            context.Response.Headers.RetryAfter = services.Options.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Try again later",
                detail: "The event store cannot take the tweet right now; nothing was stored.");
        }
        services.AcceptedIds.Add(tweet.TweetId);
        return TypedResults.Accepted((string?)null, new TweetAccepted(tweet.TweetId));
    }

    private static string FieldOf(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "$" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;

    private static string JsonErrorMessage(JsonException ex)
    {
        var where = $"line {ex.LineNumber + 1}, position {ex.BytePositionInLine + 1}";
        // Type mismatches come from the serializer with an inner exception or this wording; the rest are syntax errors.
        var isTypeError = ex.InnerException is InvalidOperationException or FormatException
            || ex.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal);
        return isTypeError && ex.Path is { Length: > 1 }
            ? $"Wrong type at {ex.Path} ({where}): ids and text are JSON strings, isRetweet a boolean, hashtags an array of strings."
            : $"The body is not valid JSON ({where}).";
    }
}

/// <summary>Binds <see cref="IngestServices"/> from DI for the endpoint delegates.</summary>
public readonly record struct IngestEndpointServices(IngestServices Services);
