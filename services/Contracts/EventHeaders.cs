using System.Text;

namespace TweetPlatform.Contracts;

/// <summary>
/// The headers every record carries besides <c>traceparent</c>: <c>event-type</c> (one event type per topic,
/// versioned as the topic is) and <c>content-type</c>. Kept next to the topics so no producer can miss them.
/// </summary>
public static class EventHeaders
{
    public const string EventType = "event-type";
    public const string ContentType = "content-type";
    public const string Json = "application/json";

    private static readonly Dictionary<string, string> EventTypes = new(StringComparer.Ordinal)
    {
        [Topics.Tweets] = "tweet-received.v1",
        [Topics.Likes] = "like-toggled.v1",
        [Topics.LikeCounts] = "like-count-changed.v1",
        [Topics.ConferenceActivity] = "conference-activity.v1",
        [Topics.AnalyticsChangelog] = "analytics-state-entry.v1",
        [Topics.TweetCounts] = "tweet-counts-changed.v1",
        [Topics.TrendingHashtags] = "trending-hashtags-changed.v1",
        [Topics.TopLiked] = "top-liked-changed.v1",
        [Topics.Alerts] = "conference-alert-raised.v1",
    };

    private static readonly Dictionary<string, (string Name, byte[] Value)[]> Encoded = EventTypes.ToDictionary(
        t => t.Key, t => new[] { (EventType, Encoding.UTF8.GetBytes(t.Value)), (ContentType, Encoding.UTF8.GetBytes(Json)) }, StringComparer.Ordinal);

    /// <summary>The event type of a topic's records.</summary>
    public static string EventTypeOf(string topic) =>
        EventTypes.TryGetValue(topic, out var type) ? type : throw new ArgumentException($"No event type is declared for topic '{topic}'.", nameof(topic));

    /// <summary>The <c>event-type</c> and <c>content-type</c> headers, UTF-8 encoded, of a topic's records.</summary>
    public static IReadOnlyList<(string Name, byte[] Value)> Of(string topic) =>
        Encoded.TryGetValue(topic, out var headers) ? headers : throw new ArgumentException($"No event type is declared for topic '{topic}'.", nameof(topic));
}
