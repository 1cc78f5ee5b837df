using System.Diagnostics;
using TweetPlatform.Contracts.Events;

namespace TweetPlatform.Analytics.Queries.Running;

/// <summary>
/// Merges the query records of one router batch: those for the same partition, queries and source partition become one
/// record with their inputs in order (at most <see cref="MaxInputs"/>), so 20 queries over ~12 partitions cost a record
/// per batch and partition, not per tweet and partition. Other records pass through unchanged.
/// </summary>
public static class QueryRecordBatches
{
    /// <summary>Inputs per merged record: ~100 tweets of ~700 B stay far below Kafka's default 1 MB message limit.</summary>
    public const int MaxInputs = 100;

    public static List<(ConferenceActivity Activity, ActivityContext Cause)> Merge(
        IReadOnlyList<(ConferenceActivity Activity, ActivityContext Cause)> queued)
    {
        var merged = new List<(ConferenceActivity, ActivityContext)>(queued.Count);
        var open = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (activity, cause) in queued)
        {
            if (activity.Queries is null or { Count: 0 })
            {
                merged.Add((activity, cause));
                continue;
            }
            var key = $"{activity.Kind}|{activity.Conference}|{activity.SourceTopic}|{activity.SourcePartition}|{string.Join(',', activity.Queries)}";
            if (open.TryGetValue(key, out var at) && merged[at].Item1.Inputs is { Count: < MaxInputs } inputs)
            {
                // The last input's trace context goes on, as a query's result carries its last input's.
                merged[at] = (With(merged[at].Item1, [.. inputs, .. InputsOf(activity)], activity), cause);
                continue;
            }
            open[key] = merged.Count;
            merged.Add((With(activity, InputsOf(activity), activity), cause));
        }
        return merged;
    }

    /// <summary>A record's inputs, whether it is batched already (sent again after a failed write) or not.</summary>
    public static IReadOnlyList<QueryInput> InputsOf(ConferenceActivity activity) =>
        activity.Inputs ?? [new QueryInput { SourceOffset = activity.SourceOffset, Tweet = activity.Tweet, Likes = activity.Likes }];

    private static ConferenceActivity With(ConferenceActivity record, IReadOnlyList<QueryInput> inputs, ConferenceActivity last) => record with
    {
        Inputs = inputs,
        Tweet = null,
        Likes = null,
        TweetId = last.TweetId,
        EventTime = last.EventTime,
        SourceOffset = last.SourceOffset,
    };
}
