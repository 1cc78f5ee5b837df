using TweetPlatform.Contracts;
using TweetPlatform.Contracts.Events;
using TweetPlatform.PushGateway.Snapshot;
using TweetPlatform.PushGateway.Streaming;
using TweetPlatform.ServiceDefaults.Kafka;

namespace TweetPlatform.PushGateway.Consuming;

/// <summary>
/// Analytics findings as SSE events: each findings topic has its event type. The event is checked
/// against its contract and sent in its canonical JSON; findings are absolute, so a repeat is harmless.
/// </summary>
public static class FindingFrames
{
    public static IReadOnlyList<string> Topics { get; } =
        [Contracts.Topics.TweetCounts, Contracts.Topics.TrendingHashtags, Contracts.Topics.TopLiked, Contracts.Topics.Alerts];

    /// <summary>Reads a finding: the frame to send and how it changes the snapshot.</summary>
    public static (PendingFrame Frame, Action<SnapshotState> Apply) Read(string topic, byte[] value)
    {
        switch (topic)
        {
            case Contracts.Topics.TweetCounts:
            {
                var counts = EventSerializer.Deserialize(value, EventJsonContext.Default.TweetCountsChanged);
                var json = EventSerializer.Serialize(counts, EventJsonContext.Default.TweetCountsChanged);
                return (new PendingFrame("tweet-counts", json, counts.Conference), s => s.SetTweetCounts(counts.Conference, counts.WindowStart, json));
            }
            case Contracts.Topics.TrendingHashtags:
            {
                var trending = EventSerializer.Deserialize(value, EventJsonContext.Default.TrendingHashtagsChanged);
                var json = EventSerializer.Serialize(trending, EventJsonContext.Default.TrendingHashtagsChanged);
                return (new PendingFrame("trending-hashtags", json, trending.Conference), s => s.SetTrending(trending.Conference, json));
            }
            case Contracts.Topics.TopLiked:
            {
                var top = EventSerializer.Deserialize(value, EventJsonContext.Default.TopLikedChanged);
                var json = EventSerializer.Serialize(top, EventJsonContext.Default.TopLikedChanged);
                return (new PendingFrame("top-liked", json, top.Conference), s => s.SetTopLiked(top.Conference, json));
            }
            case Contracts.Topics.Alerts:
            {
                var alert = EventSerializer.Deserialize(value, EventJsonContext.Default.ConferenceAlertRaised);
                var json = EventSerializer.Serialize(alert, EventJsonContext.Default.ConferenceAlertRaised);
                return (new PendingFrame("alert", json, alert.Conference), s => s.AddAlert(alert.Conference, json));
            }
            default:
                throw new PoisonMessageException($"No SSE event for topic {topic}.");
        }
    }
}
