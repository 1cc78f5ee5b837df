using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;
using TweetPlatform.Contracts;
using TweetPlatform.Contracts.Events;
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

    public static SseFrame Create(ConsumeResult<string, byte[]> result, ActivityContext cause)
    {
        var value = result.Message.Value;
        var (type, prefix, data) = result.Topic switch
        {
            Contracts.Topics.TweetCounts => ("tweet-counts", "tc", Canonical(value, EventJsonContext.Default.TweetCountsChanged)),
            Contracts.Topics.TrendingHashtags => ("trending-hashtags", "th", Canonical(value, EventJsonContext.Default.TrendingHashtagsChanged)),
            Contracts.Topics.TopLiked => ("top-liked", "tl", Canonical(value, EventJsonContext.Default.TopLikedChanged)),
            Contracts.Topics.Alerts => ("alert", "al", Canonical(value, EventJsonContext.Default.ConferenceAlertRaised)),
            _ => throw new PoisonMessageException($"No SSE event for topic {result.Topic}."),
        };
        var id = string.Create(CultureInfo.InvariantCulture, $"{prefix}.{result.Partition.Value}.{result.Offset.Value}");
        return SseFrame.Create(type, id, data, cause);
    }

    private static byte[] Canonical<T>(byte[] value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        EventSerializer.Serialize(EventSerializer.Deserialize(value, type), type);
}
