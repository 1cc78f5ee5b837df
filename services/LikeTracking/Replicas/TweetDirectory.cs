using Confluent.Kafka;
using Microsoft.Extensions.Options;
using TweetPlatform.Contracts;

namespace TweetPlatform.LikeTracking.Replicas;

/// <summary>
/// Every tweet id the platform has received, learned from the tweets topic (services never ask each
/// other). An id not seen yet is looked up once more after the replica caught up with the tweet's
/// partition, so a tweet liked right after it was posted is not refused.
/// </summary>
public sealed class TweetDirectory(
    [FromKeyedServices(ReplicaConsumer.ConsumerKey)] IConsumer<string, byte[]> consumer,
    PartitionProgress progress,
    ReplicaState replica,
    IOptions<LikeTrackingOptions> options)
{
    private static readonly TimeSpan WatermarkTimeout = TimeSpan.FromSeconds(5);
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public void Add(string tweetId)
    {
        lock (_gate) { _ids.Add(tweetId); }
    }

    private bool Contains(string tweetId)
    {
        lock (_gate) { return _ids.Contains(tweetId); }
    }

    public async Task<bool> ExistsAsync(string tweetId, CancellationToken cancellationToken)
    {
        if (Contains(tweetId))
        {
            return true;
        }
        var partition = await replica.PartitionOfAsync(Topics.Tweets, tweetId, cancellationToken);
        var end = await Task.Run(() => consumer.QueryWatermarkOffsets(partition, WatermarkTimeout).High, cancellationToken);
        await progress.WaitUntilAsync(partition, end.Value, options.Value.TweetLookupWait, cancellationToken);
        return Contains(tweetId);
    }
}
