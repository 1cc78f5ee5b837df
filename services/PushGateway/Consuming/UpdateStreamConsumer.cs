using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;
using Microsoft.Extensions.Options;
using TweetPlatform.Contracts;
using TweetPlatform.Contracts.Events;
using TweetPlatform.PushGateway.Streaming;
using TweetPlatform.ServiceDefaults.Deduplication;
using TweetPlatform.ServiceDefaults.Kafka;

namespace TweetPlatform.PushGateway.Consuming;

/// <summary>
/// Reads the topics browsers see and broadcasts each event: new tweets as SSE <c>tweet</c>, like counts
/// as SSE <c>likes</c>, analytics findings as <c>tweet-counts</c>, <c>trending-hashtags</c>,
/// <c>top-liked</c> and <c>alert</c>. Every gateway instance assigns itself all partitions (no consumer group), so
/// each instance sees everything. Re-sent tweets and re-published counts are not broadcast again.
/// </summary>
public sealed class UpdateStreamConsumer(
    IConsumer<string, byte[]> consumer,
    DeadLetterPublisher deadLetters,
    SseBroadcaster broadcaster,
    UpdateStreamReadiness readiness,
    IOptions<PushGatewayOptions> options,
    TimeProvider time,
    ILogger<UpdateStreamConsumer> logger)
    : KafkaConsumerService<string, byte[]>(consumer, deadLetters, time, logger)
{
    public const string TweetEventType = "tweet";
    public const string LikesEventType = "likes";
    private readonly RecentIdSet _seenTweets = new(options.Value.RecentTweetIdCapacity);
    private readonly LatestLikeCounts _latestCounts = new(options.Value.RecentTweetIdCapacity);

    protected override void StartConsuming(IConsumer<string, byte[]> consumer, CancellationToken stoppingToken)
    {
        // Start at each partition's current end: what a browser needs is what happens from now on.
        WholeTopicAssignment.Assign(consumer, [Topics.Tweets, Topics.LikeCounts, .. FindingFrames.Topics], w => w.High, logger, stoppingToken);
        readiness.MarkReady();
    }

    protected override ValueTask HandleAsync(ConsumeResult<string, byte[]> result, CancellationToken cancellationToken)
    {
        var frame = result.Topic switch
        {
            Topics.Tweets => TweetFrame(result),
            Topics.LikeCounts => LikesFrame(result),
            _ => FindingFrames.Create(result, Activity.Current?.Context ?? default),
        };
        if (frame is not null)
        {
            broadcaster.Publish(frame);
        }
        return ValueTask.CompletedTask;
    }

    private SseFrame? TweetFrame(ConsumeResult<string, byte[]> result)
    {
        var tweet = EventSerializer.Deserialize(result.Message.Value, EventJsonContext.Default.TweetReceived, TweetReceived.CurrentVersion);
        if (!_seenTweets.Add(tweet.TweetId))
        {
            return null; // A re-sent tweet: browsers have it already.
        }
        return SseFrame.Create(TweetEventType, EventId("tw", result), EventSerializer.Serialize(tweet, EventJsonContext.Default.TweetReceived),
            Activity.Current?.Context ?? default);
    }

    private SseFrame? LikesFrame(ConsumeResult<string, byte[]> result)
    {
        var count = EventSerializer.Deserialize(result.Message.Value, EventJsonContext.Default.LikeCountChanged, LikeCountChanged.CurrentVersion);
        if (!_latestCounts.TryAdvance(count.TweetId, count.LikesOffset))
        {
            return null; // Re-published or older than what browsers were sent.
        }
        var data = EventSerializer.Serialize(new LikesUpdate(count.TweetId, count.Count), PushGatewayJsonContext.Default.LikesUpdate);
        return SseFrame.Create(LikesEventType, EventId("lc", result), data, Activity.Current?.Context ?? default);
    }

    private static string EventId(string prefix, ConsumeResult<string, byte[]> result) =>
        string.Create(CultureInfo.InvariantCulture, $"{prefix}.{result.Partition.Value}.{result.Offset.Value}");
}
