using System.Diagnostics;
using System.Diagnostics.Metrics;
using Confluent.Kafka;
using Microsoft.Extensions.Options;
using TweetPlatform.Contracts;
using TweetPlatform.Contracts.Events;
using TweetPlatform.PushGateway.Streaming;
using TweetPlatform.ServiceDefaults.Kafka;

namespace TweetPlatform.PushGateway.Consuming;

/// <summary>
/// Reads the topics browsers see into the <see cref="UpdateStream"/>: new tweets (SSE <c>tweet</c>),
/// like counts (<c>likes</c>) and analytics findings (<c>tweet-counts</c>, <c>trending-hashtags</c>,
/// <c>top-liked</c>, <c>alert</c>). Every instance assigns itself all partitions (no consumer group), so
/// each sees everything, and starts with the retained history a snapshot needs (see
/// <see cref="ReplayStart"/>). Re-sent tweets and re-published counts are not broadcast again.
/// </summary>
public sealed class UpdateStreamConsumer : KafkaConsumerService<string, byte[]>
{
    public const string TweetEventType = "tweet";
    public const string LikesEventType = "likes";

    private readonly IConsumer<string, byte[]> _consumer;
    private readonly UpdateStream _stream;
    private readonly UpdateStreamReadiness _readiness;
    private readonly PushGatewayOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<UpdateStreamConsumer> _logger;
    private IReadOnlyList<TopicPartition> _assigned = [];
    private bool _replayEnded;

    public UpdateStreamConsumer(IConsumer<string, byte[]> consumer, DeadLetterPublisher deadLetters, UpdateStream stream,
        UpdateStreamReadiness readiness, IOptions<PushGatewayOptions> options, IMeterFactory meters, TimeProvider time,
        ILogger<UpdateStreamConsumer> logger) : base(consumer, deadLetters, time, logger)
    {
        _consumer = consumer;
        _stream = stream;
        _readiness = readiness;
        _options = options.Value;
        _time = time;
        _logger = logger;
        meters.Create(SseBroadcaster.MeterName).CreateObservableGauge("kafka.consumer.lag", ObserveLag, "{record}",
            "Records in the streamed topics not read yet by this instance.");
    }

    protected override void StartConsuming(IConsumer<string, byte[]> consumer, CancellationToken stoppingToken)
    {
        var replay = ReplayStart.Assign(consumer, _options, _time, _logger, stoppingToken);
        foreach (var (partition, start, _) in replay)
        {
            _stream.Begin(UpdateTopics.Key(partition.Topic, partition.Partition.Value), start);
        }
        _assigned = replay.Select(r => r.Partition).ToList();
        _readiness.Started(replay);
    }

    protected override ValueTask HandleAsync(ConsumeResult<string, byte[]> result, CancellationToken cancellationToken)
    {
        var key = UpdateTopics.Key(result.Topic, result.Partition.Value);
        var createdAt = new DateTimeOffset(result.Message.Timestamp.UtcDateTime, TimeSpan.Zero);
        var parent = Activity.Current?.Context ?? default;
        switch (result.Topic)
        {
            case Topics.Tweets:
            {
                var tweet = EventSerializer.Deserialize(result.Message.Value, EventJsonContext.Default.TweetReceived, TweetReceived.CurrentVersion);
                var json = EventSerializer.Serialize(tweet, EventJsonContext.Default.TweetReceived);
                _stream.Append(key, result.Offset.Value, createdAt, parent, snapshot =>
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
                });
                break;
            }
            case Topics.LikeCounts:
            {
                var count = EventSerializer.Deserialize(result.Message.Value, EventJsonContext.Default.LikeCountChanged, LikeCountChanged.CurrentVersion);
                var json = LikesJson(count.TweetId, count.Count);
                _stream.Append(key, result.Offset.Value, createdAt, parent, snapshot =>
                {
                    if (!snapshot.LikeCounts.TryAdvance(count.TweetId, count.LikesOffset, count.Count))
                    {
                        return null; // Re-published or older than what browsers were sent.
                    }
                    snapshot.LikeCountChanged();
                    snapshot.TweetConferences.TryGetValue(count.TweetId, out var conference);
                    return new PendingFrame(LikesEventType, json, conference);
                });
                break;
            }
            default:
            {
                var (frame, apply) = FindingFrames.Read(result.Topic, result.Message.Value);
                _stream.Append(key, result.Offset.Value, createdAt, parent, snapshot =>
                {
                    apply(snapshot);
                    return frame;
                });
                break;
            }
        }
        return ValueTask.CompletedTask;
    }

    private static byte[] LikesJson(string tweetId, int count) =>
        System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new LikesUpdate(tweetId, count), PushGatewayJsonContext.Default.LikesUpdate);

    // The replayed history is not traced: only what happens live is someone's request.
    protected override bool ShouldTrace(ConsumeResult<string, byte[]> result) => !_readiness.IsHistory(result.TopicPartitionOffset);

    /// <summary>No group, no commits: every instance reads everything, and restarts replay history.</summary>
    protected override void OnCompleted(TopicPartitionOffset message) => Reached(message.TopicPartition, message.Offset.Value + 1);

    protected override void OnReachedEnd(TopicPartitionOffset end)
    {
        _stream.Skip(UpdateTopics.Key(end.Topic, end.Partition.Value), end.Offset.Value);
        Reached(end.TopicPartition, end.Offset.Value);
    }

    private void Reached(TopicPartition partition, long nextOffset)
    {
        if (_replayEnded)
        {
            return;
        }
        _readiness.Reached(partition, nextOffset);
        if (_readiness.IsReady)
        {
            _stream.EndReplay();
            _replayEnded = true;
        }
    }

    private long ObserveLag()
    {
        long lag = 0;
        foreach (var partition in _assigned)
        {
            try
            {
                var high = _consumer.GetWatermarkOffsets(partition).High;
                var position = _consumer.Position(partition);
                if (high != Offset.Unset && position != Offset.Unset)
                {
                    lag += Math.Max(0, high.Value - position.Value);
                }
            }
            catch (KafkaException)
            {
                // Not known yet (before the first fetch): counts as no lag.
            }
        }
        return lag;
    }
}
