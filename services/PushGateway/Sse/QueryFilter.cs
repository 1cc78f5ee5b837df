using System.Text.RegularExpressions;

namespace TweetPlatform.PushGateway.Sse;

/// <summary>
/// The live queries a client asked for with <c>?query=</c> (repeated or comma-separated): it gets <c>query-result</c>
/// events of those only, and none without the parameter. Separate from the conference filter, which results ignore.
/// </summary>
public sealed partial class QueryFilter
{
    public const int MaxQueries = 10;

    private readonly HashSet<string> _ids;

    private QueryFilter(HashSet<string> ids)
    {
        _ids = ids;
        Key = string.Join(',', ids.Order(StringComparer.Ordinal));
    }

    public static QueryFilter None { get; } = new([]);

    /// <summary>The same for every filter of the same ids, in any order; empty for none.</summary>
    public string Key { get; }

    public IReadOnlyCollection<string> Ids => _ids;

    public bool Includes(string queryId) => _ids.Contains(queryId);

    /// <summary>Parses the query values; an error message for too many ids or one not shaped like a query id.</summary>
    public static QueryFilter Parse(IEnumerable<string?> values, out string? error)
    {
        error = null;
        var ids = values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
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
        return new QueryFilter(new HashSet<string>(ids, StringComparer.Ordinal));
    }

    [GeneratedRegex("^q-[0-9a-f]{12}$", RegexOptions.CultureInvariant)]
    private static partial Regex QueryId();
}
