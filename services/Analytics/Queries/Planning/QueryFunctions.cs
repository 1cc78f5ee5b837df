namespace TweetPlatform.Analytics.Queries.Planning;

/// <summary>The functions of the language: aggregates (one value per group and window) and scalar functions of a row.</summary>
public static class QueryFunctions
{
    public static readonly IReadOnlySet<string> Aggregates = new HashSet<string>(StringComparer.Ordinal)
    {
        "COUNT", "COUNT_DISTINCT", "SUM", "MIN", "MAX", "AVG", "TOPK",
    };

    public static readonly IReadOnlySet<string> Scalars = new HashSet<string>(StringComparer.Ordinal) { "CONTAINS", "LOWER", "UPPER" };

    public static bool IsAggregate(string name) => Aggregates.Contains(name);

    public static string Known => string.Join(", ", Aggregates.Concat(Scalars).Order(StringComparer.Ordinal));
}
