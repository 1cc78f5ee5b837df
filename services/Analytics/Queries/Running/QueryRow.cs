using TweetPlatform.Contracts.Events;

namespace TweetPlatform.Analytics.Queries.Running;

/// <summary>One row of a stream as a query sees it: column values (string, double, bool, DateTimeOffset or null) and its event time.</summary>
public sealed class QueryRow(IReadOnlyDictionary<string, object?> values, DateTimeOffset eventTime)
{
    public DateTimeOffset EventTime { get; } = eventTime;

    public object? this[string column] => values.TryGetValue(column, out var value) ? value : null;

    /// <summary>The tweet's rows: one, or with <paramref name="perHashtag"/> one per distinct hashtag (none without hashtags).</summary>
    public static IEnumerable<QueryRow> FromTweet(TweetReceived tweet, bool perHashtag)
    {
        Dictionary<string, object?> Values(string? hashtag) => new(StringComparer.Ordinal)
        {
            ["tweet_id"] = tweet.TweetId,
            ["author"] = tweet.Author,
            ["text"] = tweet.Text,
            ["conference"] = tweet.Conference,
            ["hashtag"] = hashtag,
            ["language"] = tweet.Language,
            ["retweet"] = tweet.IsRetweet,
            ["created_at"] = tweet.CreatedAt,
        };
        if (!perHashtag)
        {
            return [new QueryRow(Values(null), tweet.CreatedAt)];
        }
        return tweet.Hashtags.Select(h => h.TrimStart('#').ToLowerInvariant()).Where(h => h.Length > 0).Distinct(StringComparer.Ordinal)
            .Select(h => new QueryRow(Values(h), tweet.CreatedAt));
    }

    public static QueryRow FromLikeCount(LikeCountChanged change) =>
        new(new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["tweet_id"] = change.TweetId,
            ["likes"] = (double)change.Count,
            ["changed_at"] = change.ChangedAt,
        }, change.ChangedAt);
}
