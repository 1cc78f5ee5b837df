using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.HttpResults;
using TweetPlatform.Contracts.Events;
using TweetPlatform.Ingest.Model;
using TweetPlatform.Ingest.Parsing;
using TweetPlatform.Ingest.Publishing;

namespace TweetPlatform.Ingest.Apis;

/// <summary>
/// <c>POST /api/tweets</c> (our JSON), <c>POST /api/webhooks/ifttt</c> (IFTTT's ingredients) and
/// <c>POST /api/tweets/batch</c> (a JSON array of our tweets, for bulk senders). 202 means Kafka has
/// stored the tweets; 503 means it has not (a batch names what was stored) and the sender should retry.
/// </summary>
public static class TweetIngestApi
{
    public static IEndpointRouteBuilder MapTweetIngestApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Ingest").AddEndpointFilter(RefuseWhileStoppingAsync);
        api.MapPost("/tweets", PostTweetAsync);
        api.MapPost("/webhooks/ifttt", PostIftttWebhookAsync);
        api.MapPost("/tweets/batch", PostTweetBatchAsync);
        return app;
    }

    /// <summary>
    /// From SIGTERM on, a request not yet begun gets 503 (nothing stored, send it again); those already being
    /// handled finish (the server is stopped last, after the host's other services, so this window is real).
    /// </summary>
    private static async ValueTask<object?> RefuseWhileStoppingAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!http.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested)
        {
            return await next(context);
        }
        http.Response.Headers.RetryAfter = "1";
        http.Response.Headers.Connection = "close";
        return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Shutting down",
            detail: "This instance is stopping; nothing was stored. Send the tweet again.");
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
            return Unauthorized();
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
            return MalformedJson(ex);
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

    /// <summary>
    /// All tweets of the batch are validated first (errors keyed <c>[index].field</c>, nothing stored), then
    /// produced together. Ids repeated within the batch or recently stored are sent once.
    /// </summary>
    public static async Task<Results<Accepted<TweetsAccepted>, ValidationProblem, ProblemHttpResult>> PostTweetBatchAsync(
        HttpContext context, [AsParameters] IngestEndpointServices endpoint, CancellationToken cancellationToken)
    {
        var services = endpoint.Services;
        if (!services.Authenticator.IsAuthorized(context.Request))
        {
            return Unauthorized();
        }
        var (bytes, problem) = await RequestBodyReader.ReadJsonAsync(context.Request, services.Options.MaxBatchBodyBytes, acceptTextPlain: false, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        List<TweetSubmission>? batch;
        try
        {
            batch = JsonSerializer.Deserialize(bytes, IngestJsonContext.Default.ListTweetSubmission);
        }
        catch (JsonException ex)
        {
            return MalformedJson(ex);
        }
        if (batch is null || batch.Count == 0 || batch.Count > services.Options.MaxBatchSize)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["$"] = [$"The body must be a JSON array of 1 to {services.Options.MaxBatchSize} tweets."],
            }, title: "Invalid batch");
        }

        var now = services.Time.GetUtcNow();
        var errors = new Dictionary<string, string[]>();
        var tweets = new List<TweetReceived>(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            if (batch[i] is not { } submission)
            {
                errors[$"[{i}]"] = ["Each item must be a tweet object."];
                continue;
            }
            var mapping = services.Mapper.FromSubmission(submission, now);
            foreach (var (field, messages) in mapping.Errors)
            {
                errors[$"[{i}].{field}"] = messages;
            }
            if (mapping.Tweet is { } tweet)
            {
                tweets.Add(tweet);
            }
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "Invalid tweets (none of the batch was stored)");
        }

        var toSend = tweets.DistinctBy(t => t.TweetId, StringComparer.Ordinal).Where(t => !services.AcceptedIds.Contains(t.TweetId)).ToList();
        var outcomes = await services.Publisher.PublishAllAsync(toSend, cancellationToken);
        var stored = toSend.Where((_, i) => outcomes[i] == PublishOutcome.Stored).Select(t => t.TweetId).ToList();
        stored.ForEach(id => services.AcceptedIds.Add(id));
        if (stored.Count < toSend.Count)
        {
            context.Response.Headers.RetryAfter = services.Options.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Try again later",
                detail: $"The event store took {stored.Count} of {toSend.Count} tweets; send the batch again (with ids, the stored ones are not repeated).",
                extensions: new Dictionary<string, object?> { ["stored"] = stored });
        }
        return TypedResults.Accepted((string?)null, new TweetsAccepted(tweets.Select(t => t.TweetId).ToList()));
    }

    private static ProblemHttpResult Unauthorized() =>
        TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized",
            detail: "Send the webhook secret in the X-Webhook-Secret header or the 'secret' query parameter.");

    private static ValidationProblem MalformedJson(JsonException ex) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [FieldOf(ex.Path)] = [JsonErrorMessage(ex)] }, title: "Malformed JSON");

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
