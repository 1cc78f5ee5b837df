using System.Text.RegularExpressions;

namespace TweetPlatform.PushGateway.Sse;

/// <summary>
/// The live queries a client asked for with <c>?query=</c> (repeated or comma-separated): it gets <c>query-result</c>
/// events of those only, and none without the parameter. Separate from the conference filter, which results ignore.
/// With <c>?only=queries</c> the stream has nothing else (a page's live-query panel beside its main stream).
/// </summary>
public sealed partial class QueryFilter
{
    public const int MaxQueries = 10;

    private readonly HashSet<string> _ids;

    private QueryFilter(HashSet<string> ids, bool onlyQueries = false)
    {
        _ids = ids;
        OnlyQueries = onlyQueries;
        Key = (onlyQueries ? "only:" : "") + string.Join(',', ids.Order(StringComparer.Ordinal));
    }

    /// <summary>The stream carries the results of these queries and nothing else.</summary>
    public bool OnlyQueries { get; }

    public static QueryFilter None { get; } = new([]);

    /// <summary>The same for every filter of the same ids, in any order; empty for none.</summary>
    public string Key { get; }

    public IReadOnlyCollection<string> Ids => _ids;

    public bool Includes(string queryId) => _ids.Contains(queryId);

    /// <summary>Parses the query values; an error message for too many ids or one not shaped like a query id.</summary>
    public static QueryFilter Parse(IEnumerable<string?> values, out string? error) => Parse(values, only: null, out error);

    /// <param name="only">The <c>only</c> parameter: null, or "queries".</param>
    public static QueryFilter Parse(IEnumerable<string?> values, string? only, out string? error)
    {
        error = null;
        var ids = values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        if (only is not null && (only != "queries" || ids.Count == 0))
        {
            error = "'only' can be 'queries', with the query ids to follow in 'query'.";
            return None;
        }
        if (ids.Count == 0)
        {
            return None;
        }
        if (ids.Count > MaxQueries)
        {
            error = $"At most {MaxQueries} live queries can be followed on one stream.";
            return None;
        }
        if (ids.Any(id => !QueryId().IsMatch(id)))
        {
            error = "A live query id is 'q-' and 12 hexadecimal digits.";
            return None;
        }
        return new QueryFilter(new HashSet<string>(ids, StringComparer.Ordinal), only is not null);
    }

    [GeneratedRegex("^q-[0-9a-f]{12}$", RegexOptions.CultureInvariant)]
    private static partial Regex QueryId();
}
