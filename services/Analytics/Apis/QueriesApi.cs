using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using TweetPlatform.Analytics.Model;
using TweetPlatform.Analytics.Queries.Catalog;
using TweetPlatform.Analytics.Queries.Language;
using TweetPlatform.Analytics.Queries.Planning;
using TweetPlatform.Analytics.Queries.Running;
using TweetPlatform.Contracts.Events;
using TweetPlatform.EventBus;

namespace TweetPlatform.Analytics.Apis;

/// <summary>
/// Live queries: <c>POST /api/queries/check</c> validates and plans SQL; <c>POST /api/queries</c> (operator secret)
/// defines a query, <c>DELETE /api/queries/{id}</c> (operator secret) stops one, <c>GET /api/queries[/{id}]</c> lists.
/// A definition is a record on the compacted live-queries topic: the tasks that run queries read it from there.
/// </summary>
public static class QueriesApi
{
    public const string RateLimitPolicy = "queries";
    public const int MaxNameLength = 80;

    public static IEndpointRouteBuilder MapQueriesApi(this IEndpointRouteBuilder app)
    {
        var queries = app.MapGroup("/api/queries").WithTags("Live queries").RequireRateLimiting(RateLimitPolicy);
        queries.MapPost("/check", Check);
        queries.MapPost("", CreateAsync);
        queries.MapGet("", List);
        queries.MapGet("/{id}", Get);
        queries.MapDelete("/{id}", DeleteAsync);
        return app;
    }

    public static Results<Ok<QueryCheck>, ProblemHttpResult> Check(QueryRequest request)
    {
        if (Plan(request.Sql, out var plan) is { } invalid)
        {
            return invalid;
        }
        return TypedResults.Ok(new QueryCheck(QueryResults.ColumnsOf(plan!), plan!.Windowed, plan.Aggregates));
    }

    public static async Task<Results<Created<QueryInfo>, ProblemHttpResult>> CreateAsync(
        QueryRequest request, HttpRequest http, [AsParameters] QueriesServices services, CancellationToken cancellationToken)
    {
        if (!services.Authenticator.IsAuthorized(http))
        {
            return Unauthorized();
        }
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength || name.Any(char.IsControl))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid query",
                detail: $"A query needs a name of 1 to {MaxNameLength} characters, without control characters.");
        }
        if (Plan(request.Sql, out _) is { } invalid)
        {
            return invalid;
        }
        await services.Catalog.CaughtUp.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
        var max = services.Options.Value.MaxQueries;
        if (services.Catalog.RunningCount >= max)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Too many queries",
                detail: $"At most {max} live queries can run at once; delete one first.");
        }
        var now = services.Time.GetUtcNow();
        var query = new LiveQueryChanged
        {
            QueryId = "q-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)),
            Name = name,
            Sql = request.Sql!,
            Status = LiveQueryStatus.Running,
            CreatedAt = now,
            ChangedAt = now,
        };
        await services.Events.PublishAsync(query, query.QueryId, cancellationToken);
        // Read your own write: the reader takes the same record again later, which changes nothing.
        services.Catalog.Apply(query);
        return TypedResults.Created($"/api/queries/{query.QueryId}", QueryInfo.From(query));
    }

    public static Ok<IReadOnlyList<QueryInfo>> List([AsParameters] QueriesServices services) =>
        TypedResults.Ok<IReadOnlyList<QueryInfo>>([.. services.Catalog.Listed().Select(q => QueryInfo.From(q.Definition))]);

    public static Results<Ok<QueryInfo>, ProblemHttpResult> Get(string id, [AsParameters] QueriesServices services) =>
        services.Catalog.Find(id) is { Definition.Status: not LiveQueryStatus.Deleted } query
            ? TypedResults.Ok(QueryInfo.From(query.Definition))
            : NotFound(id);

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string id, HttpRequest http, [AsParameters] QueriesServices services, CancellationToken cancellationToken)
    {
        if (!services.Authenticator.IsAuthorized(http))
        {
            return Unauthorized();
        }
        if (services.Catalog.Find(id) is not { Definition.Status: not LiveQueryStatus.Deleted } query)
        {
            return NotFound(id);
        }
        var deleted = query.Definition with { Status = LiveQueryStatus.Deleted, ChangedAt = services.Time.GetUtcNow() };
        await services.Events.PublishAsync(deleted, id, cancellationToken);
        services.Catalog.Apply(deleted);
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult? Plan(string? sql, out QueryPlan? plan)
    {
        plan = null;
        if (string.IsNullOrWhiteSpace(sql))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid query", detail: "The query's SQL is empty.",
                extensions: Where(0, 1, 1));
        }
        try
        {
            plan = Planner.Plan(sql);
            return null;
        }
        catch (QueryException ex)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid query", detail: ex.Message,
                extensions: Where(ex.Position, ex.Line, ex.Column));
        }
    }

    private static Dictionary<string, object?> Where(int position, int line, int column) =>
        new() { ["position"] = position, ["line"] = line, ["column"] = column };

    private static ProblemHttpResult Unauthorized() =>
        TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Operator secret required",
            detail: $"Creating and deleting live queries needs the operator secret in the {OperatorAuthenticator.HeaderName} header.");

    private static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such query",
            detail: string.Create(CultureInfo.InvariantCulture, $"There is no live query '{(id.Length > 40 ? id[..40] + "…" : id)}'."));
}

/// <summary>What <see cref="QueriesApi"/> needs from the container.</summary>
public sealed class QueriesServices(LiveQueryCatalog catalog, IEventPublisher events, OperatorAuthenticator authenticator,
    IOptions<AnalyticsOptions> options, TimeProvider time)
{
    public LiveQueryCatalog Catalog { get; } = catalog;
    public IEventPublisher Events { get; } = events;
    public OperatorAuthenticator Authenticator { get; } = authenticator;
    public IOptions<AnalyticsOptions> Options { get; } = options;
    public TimeProvider Time { get; } = time;
}
