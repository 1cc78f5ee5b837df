using System.Text;
using Confluent.Kafka;
using TweetPlatform.Contracts;
using TweetPlatform.Contracts.Events;
using TweetPlatform.ServiceDefaults.Kafka;

namespace TweetPlatform.Analytics.Routing;

/// <summary>
/// Stage one of analytics (group <c>analytics-router</c>): reads the co-partitioned tweets and
/// like-counts topics and re-keys what the findings need by conference (and "*" for the overall view)
/// into <see cref="Topics.ConferenceActivity"/>, so each conference's state lives on one instance.
/// Offsets are committed only after the routed records are stored.
/// </summary>
public sealed class ConferenceRouter(
    [FromKeyedServices(ConferenceRouter.ConsumerKey)] IConsumer<string, byte[]> consumer,
    DeadLetterPublisher deadLetters,
    ConferenceRoutingState state,
    IProducer<string, byte[]> producer,
    TimeProvider time,
    ILogger<ConferenceRouter> logger)
    : KafkaConsumerService<string, byte[]>(consumer, deadLetters, time, logger)
{
    public const string ConsumerKey = "router";
    public const string Group = "analytics-router";
    private static readonly byte[] EventType = Encoding.UTF8.GetBytes("conference-activity.v1");

    // A retried message must route what its first attempt decided, not be applied twice.
    private (TopicPartitionOffset Source, IReadOnlyList<ConferenceActivity> Routed)? _lastRouted;

    protected override string? GroupId => Group;

    protected override void StartConsuming(IConsumer<string, byte[]> consumer, CancellationToken stoppingToken) =>
        consumer.Subscribe([Topics.Tweets, Topics.LikeCounts]);

    protected override async ValueTask HandleAsync(ConsumeResult<string, byte[]> result, CancellationToken cancellationToken)
    {
        var source = result.TopicPartitionOffset;
        IReadOnlyList<ConferenceActivity> routed;
        if (_lastRouted is { } last && last.Source == source)
        {
            routed = last.Routed;
        }
        else
        {
            routed = result.Topic == Topics.Tweets
                ? state.OnTweet(ReadTweet(result.Message.Value), source)
                : state.OnLikeCount(ReadCount(result.Message.Value), source);
            _lastRouted = (source, routed);
        }
        if (routed.Count == 0 || state.IsReplay(source))
        {
            return;
        }
        await Task.WhenAll(routed.Select(activity => producer.ProduceAsync(Topics.ConferenceActivity, new Message<string, byte[]>
        {
            Key = activity.Conference,
            Value = EventSerializer.Serialize(activity, EventJsonContext.Default.ConferenceActivity),
            Headers = new Headers { { "event-type", EventType } },
        }, cancellationToken)));
    }

    protected override bool ShouldTrace(ConsumeResult<string, byte[]> result) => !state.IsReplay(result.TopicPartitionOffset);

    protected override void OnCompleted(TopicPartitionOffset message)
    {
        if (!state.IsReplay(message))
        {
            base.OnCompleted(message);
        }
    }

    private static TweetReceived ReadTweet(byte[] value)
    {
        var tweet = EventSerializer.Deserialize(value, EventJsonContext.Default.TweetReceived);
        return tweet.Version == TweetReceived.CurrentVersion ? tweet : throw new PoisonMessageException($"Unsupported TweetReceived version {tweet.Version}.");
    }

    private static LikeCountChanged ReadCount(byte[] value)
    {
        var count = EventSerializer.Deserialize(value, EventJsonContext.Default.LikeCountChanged);
        return count.Version == LikeCountChanged.CurrentVersion ? count : throw new PoisonMessageException($"Unsupported LikeCountChanged version {count.Version}.");
    }
}
