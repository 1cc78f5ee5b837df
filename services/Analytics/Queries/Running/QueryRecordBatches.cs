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
        // Each merged record is built once at the end from its inputs (growing a record per input was quadratic).
        var merged = new List<(ConferenceActivity Activity, ActivityContext Cause, List<QueryInput>? Inputs)>(queued.Count);
        var open = new Dictionary<(string Kind, string Conference, string Topic, int Partition, string Queries), int>();
        foreach (var (activity, cause) in queued)
        {
            if (activity.Queries is null or { Count: 0 })
            {
                merged.Add((activity, cause, null));
                continue;
            }
            var key = (activity.Kind, activity.Conference, activity.SourceTopic, activity.SourcePartition,
                activity.Queries.Count == 1 ? activity.Queries[0] : string.Join(',', activity.Queries));
            if (open.TryGetValue(key, out var at) && merged[at].Inputs!.Count < MaxInputs)
            {
                merged[at].Inputs!.AddRange(InputsOf(activity));
                // The last input's record and trace context go on, as a query's result carries its last input's.
                merged[at] = (activity, cause, merged[at].Inputs);
                continue;
            }
            open[key] = merged.Count;
            merged.Add((activity, cause, [.. InputsOf(activity)]));
        }
        return [.. merged.Select(m => (m.Inputs is null ? m.Activity : With(m.Activity, m.Inputs), m.Cause))];
    }

    /// <summary>A record's inputs, whether it is batched already (sent again after a failed write) or not.</summary>
    public static IReadOnlyList<QueryInput> InputsOf(ConferenceActivity activity) =>
        activity.Inputs ?? [new QueryInput { SourceOffset = activity.SourceOffset, Tweet = activity.Tweet, Likes = activity.Likes }];

    /// <summary>The last input's record, carrying all the inputs (its tweet id, event time and source offset are the last's).</summary>
    private static ConferenceActivity With(ConferenceActivity last, IReadOnlyList<QueryInput> inputs) => last with
    {
        Inputs = inputs,
        Tweet = null,
        Likes = null,
        SourceOffset = inputs[^1].SourceOffset,
    };
}
