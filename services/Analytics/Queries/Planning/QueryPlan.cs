using TweetPlatform.Analytics.Operators;
using TweetPlatform.Analytics.Queries.Language;

namespace TweetPlatform.Analytics.Queries.Planning;

/// <summary>
/// A checked query, ready to run: its source, whether it aggregates (then one result row per group and window, updated
/// as events arrive) or passes rows through (then each matching event is a result row), its windows, and its columns.
/// </summary>
/// <param name="PerHashtag">The query uses <c>hashtag</c>: each tweet is one row per hashtag.</param>
public sealed record QueryPlan(
    QueryStatement Statement,
    StreamSchema Source,
    bool Aggregates,
    IWindowing? Windowing,
    bool PerHashtag,
    IReadOnlyList<ResultColumn> Columns)
{
    public bool Windowed => Windowing is not null;
}
