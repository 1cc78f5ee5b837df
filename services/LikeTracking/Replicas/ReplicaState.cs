using Confluent.Kafka;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TweetPlatform.LikeTracking.Replicas;

/// <summary>
/// The replica's layout (partitions per topic) and readiness: ready once it has applied everything
/// that was in the topics when it started, so answers after a restart reflect the full history.
/// </summary>
public sealed class ReplicaState(PartitionProgress progress) : IHealthCheck
{
    private readonly TaskCompletionSource<IReadOnlyDictionary<string, int>> _layout = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile Task? _caughtUp;
    private IReadOnlyDictionary<TopicPartition, long> _endsAtStart = new Dictionary<TopicPartition, long>();

    public Task<IReadOnlyDictionary<string, int>> Layout => _layout.Task;

    /// <summary>Called once partitions are assigned, with each partition's end offset at that moment.</summary>
    public void Assigned(IReadOnlyDictionary<string, int> partitionsPerTopic, IReadOnlyList<TopicPartitionOffset> endsAtStart)
    {
        _endsAtStart = endsAtStart.ToDictionary(e => e.TopicPartition, e => e.Offset.Value);
        _layout.TrySetResult(partitionsPerTopic);
        _caughtUp = Task.WhenAll(endsAtStart.Select(end =>
            progress.WaitUntilAsync(end.TopicPartition, end.Offset.Value, Timeout.InfiniteTimeSpan, CancellationToken.None)));
    }

    /// <summary>Whether a message was already in the topic when this instance started (history being read again).</summary>
    public bool IsHistory(TopicPartitionOffset message) =>
        _endsAtStart.TryGetValue(message.TopicPartition, out var end) && message.Offset.Value < end;

    public async Task<TopicPartition> PartitionOfAsync(string topic, string key, CancellationToken cancellationToken)
    {
        var layout = await Layout.WaitAsync(cancellationToken);
        return new TopicPartition(topic, TweetPlatform.Kafka.KeyPartitioner.PartitionFor(key, layout[topic]));
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_caughtUp is { IsCompletedSuccessfully: true }
            ? HealthCheckResult.Healthy("Replica caught up with the tweets and likes topics")
            : HealthCheckResult.Unhealthy("Replica is still reading the tweets and likes topics"));
}
