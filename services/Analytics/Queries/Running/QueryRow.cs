using TweetPlatform.Contracts.Events;

namespace TweetPlatform.Analytics.Queries.Running;

/// <summary>
/// One row of a stream as a query sees it: column values (string, double, bool, DateTimeOffset or null) and its event
/// time. It reads the event it wraps by column name (no copy of the columns per row: every query reads every row).
/// </summary>
public sealed class QueryRow
{
    private static readonly object True = true;
    private static readonly object False = false;

    private readonly TweetReceived? _tweet;
    private readonly string? _hashtag;
    private readonly LikeCountChanged? _likes;
    private readonly object? _likeCount;

    private QueryRow(TweetReceived tweet, string? hashtag)
    {
        _tweet = tweet;
        _hashtag = hashtag;
        EventTime = tweet.CreatedAt;
    }

    private QueryRow(LikeCountChanged likes)
    {
        _likes = likes;
        _likeCount = (double)likes.Count;
        EventTime = likes.ChangedAt;
    }

    public DateTimeOffset EventTime { get; }

    public object? this[string column] => _tweet is { } tweet
        ? column switch
        {
            "tweet_id" => tweet.TweetId,
            "author" => tweet.Author,
            "text" => tweet.Text,
            "conference" => tweet.Conference,
            "hashtag" => _hashtag,
            "language" => tweet.Language,
            "retweet" => tweet.IsRetweet ? True : False,
            "created_at" => tweet.CreatedAt,
            _ => null,
        }
        : column switch
        {
            "tweet_id" => _likes!.TweetId,
            "likes" => _likeCount,
            "changed_at" => _likes!.ChangedAt,
            _ => null,
        };

    /// <summary>The tweet's rows: one, or with <paramref name="perHashtag"/> one per distinct hashtag (none without hashtags).</summary>
    public static IEnumerable<QueryRow> FromTweet(TweetReceived tweet, bool perHashtag)
    {
        if (!perHashtag)
        {
            return [new QueryRow(tweet, null)];
        }
        return tweet.Hashtags.Select(h => h.TrimStart('#').ToLowerInvariant()).Where(h => h.Length > 0).Distinct(StringComparer.Ordinal)
            .Select(h => new QueryRow(tweet, h));
    }

    public static QueryRow FromLikeCount(LikeCountChanged change) => new(change);
}
