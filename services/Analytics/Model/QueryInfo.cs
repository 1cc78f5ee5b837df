using TweetPlatform.Contracts.Events;

namespace TweetPlatform.Analytics.Model;

/// <summary>A live query as the API shows it.</summary>
public sealed record QueryInfo(string Id, string Name, string Sql, string Status, string? Reason, DateTimeOffset CreatedAt, DateTimeOffset ChangedAt)
{
    public static QueryInfo From(LiveQueryChanged query) =>
        new(query.QueryId, query.Name, query.Sql, query.Status, query.Reason, query.CreatedAt, query.ChangedAt);
}
