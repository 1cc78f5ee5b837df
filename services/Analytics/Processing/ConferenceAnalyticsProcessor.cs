using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Options;
using TweetPlatform.Analytics.Operators;
using TweetPlatform.Contracts;
using TweetPlatform.Contracts.Events;
using TweetPlatform.EventBus;

namespace TweetPlatform.Analytics.Processing;

/// <summary>
/// Stage two of analytics (group <c>analytics</c>): applies conference activity to the tasks of the
/// partitions this instance owns, in batches, on the shared consume loop. A batch is finished by writing,
/// in this order, the findings to their topics and the tasks' state changes to the changelog, waiting for
/// Kafka to acknowledge all of it; only then does the loop store the input offsets for commit. Findings are
/// rate limited per topic and key: the latest held one is sent when its interval has passed.
/// </summary>
public sealed class ConferenceAnalyticsProcessor(
    [FromKeyedServices(ConferenceAnalyticsProcessor.ConsumerKey)] IConsumer<string, byte[]> consumer,
    IEventPublisher events,
    AnalyticsTasks tasks,
    DeadLetterPublisher deadLetters,
    EventRegistry registry,
    IOptions<AnalyticsOptions> options,
    TimeProvider time,
    ILogger<ConferenceAnalyticsProcessor> logger)
    : EventConsumerService(consumer, deadLetters, registry, time, logger), IPartitionListener<string, byte[]>
{
    public const string ConsumerKey = "analytics";
    public const string Group = ConsumerGroups.Analytics;
    private static readonly ActivitySource Source = new("TweetPlatform.Analytics");

    private readonly Polly.ResiliencePipeline _writeRetry = KafkaRetry.OnKafkaErrors(time, logger, "Writing analytics state and findings");

    protected override string? GroupId => Group;

    protected override int MaxBatchSize => options.Value.MaxBatchSize;

    // Applying input changes a task's state: a second attempt after a failure part-way would apply it twice.
    protected override int MaxHandlerAttempts => 1;

    // Held-back findings go out once their interval passed, also while no input arrives.
    protected override TimeSpan PunctuationInterval => TimeSpan.FromMilliseconds(50);

    /// <summary>Assigned partitions are restored from the changelog first; then their current findings are published.</summary>
    public IEnumerable<TopicPartitionOffset> OnAssigned(IConsumer<string, byte[]> consumer, IReadOnlyList<TopicPartition> partitions)
    {
        var numbers = partitions.Select(p => p.Partition.Value).ToList();
        tasks.Assign(numbers);
        foreach (var partition in numbers)
        {
            tasks.ContextOf(partition)?.ForwardAll(tasks.For(partition)?.CurrentFindings() ?? []);
        }
        return partitions.Select(p => new TopicPartitionOffset(p, Offset.Unset));
    }

    /// <summary>Partitions taken away in order: their work so far is written out first.</summary>
    public void OnRevoked(IReadOnlyList<TopicPartitionOffset> partitions)
    {
        // Held-back updates go out now: sent later, they could overwrite the new owner's newer ones.
        foreach (var context in tasks.Contexts)
        {
            context.ReleaseHeld();
        }
        CompleteBatch(CancellationToken.None);
        tasks.Release(partitions.Select(p => p.Partition.Value));
    }

    /// <summary>
    /// Partitions taken away without a revoke (e.g. a session timeout): a new owner may already be writing
    /// newer findings and state, so nothing of theirs is written from here, and their offsets are not stored.
    /// </summary>
    public void OnLost(IReadOnlyList<TopicPartitionOffset> partitions)
    {
        DiscardBatch(partitions.Select(p => p.TopicPartition).ToHashSet());
        // Their contexts go with them: held and forwarded findings, unwritten state changes.
        tasks.Release(partitions.Select(p => p.Partition.Value));
    }

    protected override void Subscribe(EventSubscriptions on) => on.On<ConferenceActivity>(Apply);

    private void Apply(ConferenceActivity input, EventContext record) =>
        tasks.For(record.Source.Partition.Value)?.Process(input, record.Source.Offset.Value, Activity.Current?.Context ?? default);

    protected override void Punctuate()
    {
        foreach (var context in tasks.Contexts)
        {
            context.Punctuate();
        }
    }

    /// <summary>Findings first, then state; retried until Kafka has taken all of it, before the loop stores the offsets.</summary>
    protected override ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        var findings = tasks.Contexts.SelectMany(context => context.TakeForwarded()).ToList();
        var changelog = tasks.All.SelectMany(task => task.TakeChanges().Select(change => (task.Partition, change.Key, change.Value))).ToList();
        if (changelog.Count == 0 && findings.Count == 0)
        {
            return ValueTask.CompletedTask;
        }
        _writeRetry.Execute(token =>
        {
            // Findings before state: a crash in between repeats a finding (consumers can drop the
            // repeat) rather than losing one whose state says it was sent.
            Task.WhenAll(findings.Select(Publish)).GetAwaiter().GetResult();
            Task.WhenAll(changelog.Select(c => events.PublishAsync(Topics.AnalyticsChangelog, c.Key, c.Value!, c.Partition, token)))
                .GetAwaiter().GetResult();
        }, cancellationToken);
        return ValueTask.CompletedTask;
    }

    private Task Publish(Finding finding)
    {
        // The send span becomes a child of the input that caused the finding.
        using var emit = Source.StartActivity($"emit {finding.Topic}", ActivityKind.Internal, finding.Cause);
        return events.PublishAsync(finding.Topic, finding.Key, finding.Value);
    }
}
