using System.Text.Json;
using TweetPlatform.Contracts;
using TweetPlatform.EventBus;
using TweetPlatform.PushGateway.Feed;

namespace TweetPlatform.PushGateway.Projection;

/// <summary>
/// The pure part of the push gateway: one record of a topic browsers see becomes a <see cref="FeedChange"/> (how the
/// snapshot changes, which frame goes out). Every record is checked against its contract and sent in its canonical
/// JSON. New tweets are SSE <c>tweet</c>, like counts <c>likes</c>, and each findings topic has its event type;
/// findings are absolute, so a repeat is harmless, while re-sent tweets and re-published counts send nothing.
/// </summary>
public static class RecordProjection
{
    public const string TweetEventType = "tweet";
    public const string LikesEventType = "likes";

    /// <exception cref="JsonException">Not a valid event of the topic's contract.</exception>
    /// <exception cref="PoisonMessageException">A topic browsers are not sent.</exception>
    /// <param name="createdAt">The record's Kafka timestamp: a snapshot's tweets are ordered by when they were stored.</param>
    public static FeedChange Project(string topic, byte[] value, DateTimeOffset createdAt) => topic switch
    {
        Topics.Tweets => Tweet(IntegrationEvents.TweetReceived.Deserialize(value), createdAt),
        Topics.LikeCounts => LikeCount(IntegrationEvents.LikeCountChanged.Deserialize(value)),
        Topics.TweetCounts => Finding(IntegrationEvents.TweetCountsChanged, value, "tweet-counts",
            e => e.Conference, (snapshot, e, json) => snapshot.SetTweetCounts(e.Conference, e.WindowStart, json)),
        Topics.TrendingHashtags => Finding(IntegrationEvents.TrendingHashtagsChanged, value, "trending-hashtags",
            e => e.Conference, (snapshot, e, json) => snapshot.SetTrending(e.Conference, json)),
        Topics.TopLiked => Finding(IntegrationEvents.TopLikedChanged, value, "top-liked",
            e => e.Conference, (snapshot, e, json) => snapshot.SetTopLiked(e.Conference, json)),
        Topics.Alerts => Finding(IntegrationEvents.ConferenceAlertRaised, value, "alert",
            e => e.Conference, (snapshot, e, json) => snapshot.AddAlert(e.Conference, json)),
        Topics.LiveQueryResults => QueryResult(value),
        _ => throw new PoisonMessageException($"No SSE event for topic {topic}."),
    };

    private static FeedChange Tweet(Contracts.Events.TweetReceived tweet, DateTimeOffset createdAt)
    {
        var json = IntegrationEvents.TweetReceived.Serialize(tweet);
        return snapshot =>
        {
            if (snapshot.TweetConferences.TryGetValue(tweet.TweetId, out _))
            {
                return null; // A re-sent tweet: browsers have it already.
            }
            snapshot.TweetConferences.Set(tweet.TweetId, tweet.Conference);
            snapshot.AddTweet(tweet.TweetId, tweet.Conference, json, createdAt);
            // A like count read before its tweet (another partition, fetched first) went out with no
            // conference, so clients filtering by one did not get it: it follows the tweet.
            var earlierLikes = snapshot.LikeCounts.CountOf(tweet.TweetId) is { } count
                ? new PendingFrame(LikesEventType, LikesJson(tweet.TweetId, count), tweet.Conference)
                : null;
            return new PendingFrame(TweetEventType, json, tweet.Conference, earlierLikes);
        };
    }

    private static FeedChange LikeCount(Contracts.Events.LikeCountChanged count)
    {
        var json = LikesJson(count.TweetId, count.Count);
        return snapshot =>
        {
            if (!snapshot.LikeCounts.TryAdvance(count.TweetId, count.LikesOffset, count.Count))
            {
                return null; // Re-published or older than what browsers were sent.
            }
            snapshot.LikeCountChanged();
            return snapshot.TweetConferences.TryGetValue(count.TweetId, out var conference)
                ? new PendingFrame(LikesEventType, json, conference)
                : new PendingFrame(LikesEventType, json, Conference: null, TweetId: count.TweetId);
        };
    }

    public const string QueryResultEventType = "query-result";

    private static FeedChange QueryResult(byte[] value)
    {
        var result = IntegrationEvents.LiveQueryResultChanged.Deserialize(value);
        var json = IntegrationEvents.LiveQueryResultChanged.Serialize(result);
        var frame = new PendingFrame(QueryResultEventType, json, Conference: null, QueryId: result.QueryId);
        return snapshot =>
        {
            snapshot.SetQueryResult(result.QueryId, json, deleted: result.Status == Contracts.Events.LiveQueryStatus.Deleted);
            return frame;
        };
    }

    private static FeedChange Finding<TEvent>(EventRegistration<TEvent> contract, byte[] value, string eventType,
        Func<TEvent, string> conference, Action<SnapshotState, TEvent, byte[]> apply)
    {
        var finding = contract.Deserialize(value);
        var json = contract.Serialize(finding);
        var frame = new PendingFrame(eventType, json, conference(finding));
        return snapshot =>
        {
            apply(snapshot, finding, json);
            return frame;
        };
    }

    private static byte[] LikesJson(string tweetId, int count) =>
        JsonSerializer.SerializeToUtf8Bytes(new LikesUpdate(tweetId, count), PushGatewayJsonContext.Default.LikesUpdate);
}
