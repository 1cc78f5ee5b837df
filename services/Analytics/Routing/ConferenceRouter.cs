using Confluent.Kafka;
using TweetPlatform.Analytics.Queries.Running;
using TweetPlatform.Contracts;
using TweetPlatform.Contracts.Events;
using TweetPlatform.EventBus;

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
    EventRegistry registry,
    ConferenceRoutingState state,
    IEventPublisher events,
    TimeProvider time,
    ILogger<ConferenceRouter> logger)
    : EventConsumerService(consumer, deadLetters, registry, time, logger)
{
    public const string ConsumerKey = "router";
    public const string Group = ConsumerGroups.AnalyticsRouter;

    private static readonly System.Diagnostics.ActivitySource Source = new("TweetPlatform.Analytics");
    private readonly List<(ConferenceActivity Activity, System.Diagnostics.ActivityContext Cause)> _queued = [];
    private readonly Polly.ResiliencePipeline _writeRetry = KafkaRetry.OnKafkaErrors(time, logger, "Writing");

    protected override string? GroupId => Group;

    protected override int MaxBatchSize => 1_000;

    // Tweets and like counts, co-partitioned by tweet id.
    protected override void Subscribe(EventSubscriptions on) => on
        .On<TweetReceived>((tweet, record) => Queue(state.OnTweet(tweet, record.Source)))
        .On<LikeCountChanged>((count, record) => Queue(state.OnLikeCount(count, record.Source)));

    private void Queue(IEnumerable<ConferenceActivity> routed)
    {
        // Everything the state routes is written, replayed input included: the state alone knows what was
        // routed before (a replayed like count can be the one whose tweet was never committed).
        var cause = System.Diagnostics.Activity.Current?.Context ?? default;
        _queued.AddRange(routed.Select(activity => (activity, cause)));
    }

    /// <summary>Writes the batch's routed records; a write Kafka refuses is sent again until it is taken.</summary>
    protected override ValueTask FlushAsync(CancellationToken cancellationToken) =>
        _queued.Count == 0 ? ValueTask.CompletedTask : _writeRetry.ExecuteAsync("routed records", _ => WriteQueuedAsync(), cancellationToken);

    private async ValueTask WriteQueuedAsync()
    {
        var writes = QueryRecordBatches.Merge(_queued).Select(queued => (queued, Write(queued.Activity, queued.Cause))).ToList();
        try
        {
            await Task.WhenAll(writes.Select(w => w.Item2));
        }
        finally
        {
            // Keep what Kafka did not take, in order, for the next attempt (by position: a quadratic match here once
            // cost a quarter of the service's CPU).
            var failed = writes.Where(w => !w.Item2.IsCompletedSuccessfully).Select(w => w.queued).ToList();
            _queued.Clear();
            _queued.AddRange(failed);
        }
    }

    private Task Write(ConferenceActivity activity, System.Diagnostics.ActivityContext cause)
    {
        using var scope = Source.StartActivity("route", System.Diagnostics.ActivityKind.Internal, cause);
        return ConferenceRoutingState.QueryPartition(activity) is { } partition
            ? events.PublishAsync(Topics.ConferenceActivity, activity.Conference, IntegrationEvents.ConferenceActivity.Serialize(activity), partition)
            : events.PublishAsync(activity, activity.Conference);
    }

    protected override bool ShouldTrace(ConsumeResult<string, byte[]> result) => !state.IsReplay(result.TopicPartitionOffset);

    protected override void OnCompleted(TopicPartitionOffset message)
    {
        if (!state.IsReplay(message))
        {
            base.OnCompleted(message);
        }
    }
}
