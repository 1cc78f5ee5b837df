using Confluent.Kafka;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TweetPlatform.PushGateway.Consuming;

/// <summary>
/// Ready once the replay of the retained history has reached, in every partition, the end it had when
/// reading started: from then on a snapshot is complete and no event can be missed by a new client.
/// </summary>
public sealed class FeedReadiness : IHealthCheck
{
    private readonly Lock _gate = new();
    private Dictionary<TopicPartition, long> _replayUntil = [];
    private volatile bool _ready;

    public bool IsReady => _ready;

    /// <summary>Reading starts; history is everything from each start below its end.</summary>
    public void Started(IEnumerable<(TopicPartition Partition, long Start, long End)> replay)
    {
        lock (_gate)
        {
            _replayUntil = replay.Where(r => r.Start < r.End).ToDictionary(r => r.Partition, r => r.End);
            Check();
        }
    }

    public bool IsHistory(TopicPartitionOffset message)
    {
        lock (_gate)
        {
            return _replayUntil.TryGetValue(message.TopicPartition, out var end) && message.Offset.Value < end;
        }
    }

    /// <summary>The partition has been read up to (not including) <paramref name="nextOffset"/>.</summary>
    public void Reached(TopicPartition partition, long nextOffset)
    {
        if (_ready)
        {
            return;
        }
        lock (_gate)
        {
            if (_replayUntil.TryGetValue(partition, out var end) && nextOffset >= end)
            {
                _replayUntil.Remove(partition);
                Check();
            }
        }
    }

    private void Check() => _ready = _replayUntil.Count == 0 || _ready;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_ready
            ? HealthCheckResult.Healthy("Streaming the update topics")
            : HealthCheckResult.Unhealthy("Replaying the update topics' history"));
}
