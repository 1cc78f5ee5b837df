using Confluent.Kafka;
using TweetPlatform.Contracts;
using TweetPlatform.EventBus;

namespace TweetPlatform.PushGateway.Consuming;

/// <summary>
/// Where an instance starts reading each streamed partition, so that the replayed history holds
/// exactly what a snapshot needs, whatever the topics' age: the last <see cref="PushGatewayOptions.SnapshotTweets"/>
/// tweets of every partition (so the newest overall are among them), every like count since the oldest
/// of those tweets arrived, and the findings of the last <see cref="PushGatewayOptions.FindingsLookback"/>.
/// It also reaches back <see cref="PushGatewayOptions.ResumeFrames"/> records in every partition, so that a
/// restarted instance resumes a client from any position a long-running one still could: the newest
/// ResumeFrames frames overall are among them (<see cref="Feed.RecentFrames"/> keeps those).
/// </summary>
public static class ReplayStart
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    // Like counts are produced after their tweet was stored; the margin covers producers' clock skew.
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(1);

    /// <summary>Assigns every partition of <see cref="UpdateTopics.All"/> at its start; returns (partition, start, end at the time).</summary>
    public static IReadOnlyList<(TopicPartition Partition, long Start, long End)> Assign(
        IConsumer<string, byte[]> consumer, PushGatewayOptions options, TimeProvider time, ILogger logger, CancellationToken stoppingToken)
    {
        var partitions = WholeTopicAssignment.Discover(consumer, UpdateTopics.All, logger, stoppingToken);
        var tweets = partitions.Where(p => p.Partition.Topic == Topics.Tweets)
            .ToDictionary(p => p.Partition, p => Math.Max(p.Watermarks.Low.Value, p.Watermarks.High.Value - options.SnapshotTweets));
        var oldestTweet = OldestTimestamp(consumer, partitions.Where(p => p.Partition.Topic == Topics.Tweets)
            .Where(p => tweets[p.Partition] < p.Watermarks.High.Value).Select(p => new TopicPartitionOffset(p.Partition, tweets[p.Partition])).ToList(), time);
        var likesFrom = (oldestTweet ?? time.GetUtcNow()) - ClockSkew;
        var findingsFrom = time.GetUtcNow() - options.FindingsLookback;

        // By time on real Kafka and on the embedded broker, which has no timestamp lookup (see OffsetsByTime).
        var timed = OffsetsByTime.Find(consumer, partitions.Where(p => p.Partition.Topic != Topics.Tweets)
            .Select(p => new OffsetsByTime.Lookup(p.Partition, p.Watermarks.Low.Value, p.Watermarks.High.Value,
                p.Partition.Topic == Topics.LikeCounts ? likesFrom : findingsFrom))
            .ToList(), Timeout, time);
        var replay = partitions.Select(p =>
        {
            var forSnapshot = p.Partition.Topic == Topics.Tweets ? tweets[p.Partition] : timed[p.Partition];
            var forResume = Math.Max(p.Watermarks.Low.Value, p.Watermarks.High.Value - options.ResumeFrames);
            return (p.Partition, Start: Math.Min(forSnapshot, forResume), End: p.Watermarks.High.Value);
        }).ToList();
        consumer.Assign(replay.Select(r => new TopicPartitionOffset(r.Partition, r.Start)));
        logger.LogInformation("Replaying {Records} records of history from {Partitions} partitions before serving streams",
            replay.Sum(r => r.End - r.Start), replay.Count);
        return replay;
    }

    /// <summary>The oldest timestamp among the records at these positions (one record read from each).</summary>
    private static DateTimeOffset? OldestTimestamp(IConsumer<string, byte[]> consumer, IReadOnlyList<TopicPartitionOffset> positions, TimeProvider time)
    {
        if (positions.Count == 0)
        {
            return null;
        }
        var read = RecordReader.ReadAt(consumer, positions, Timeout, time);
        // A partition that did not answer in time: take everything since the epoch rather than miss counts.
        return read.Values.Any(r => r is null) ? DateTimeOffset.UnixEpoch
            : read.Values.Where(r => r!.Timestamp != DateTimeOffset.MaxValue).Select(r => (DateTimeOffset?)r!.Timestamp).Min();
    }
}
