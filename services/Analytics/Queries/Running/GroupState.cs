namespace TweetPlatform.Analytics.Queries.Running;

/// <summary>
/// One group's aggregates in one window, as kept in state: per aggregate of the query (by index) how many values it
/// took, their sum, the extreme value so far (MIN/MAX, encoded) and value frequencies (COUNT_DISTINCT, TOPK).
/// </summary>
public sealed class GroupState
{
    /// <summary>The grouped expressions' values (encoded), as first seen.</summary>
    public string?[] Keys { get; set; } = [];
    public long Rows { get; set; }
    public long[] Counts { get; set; } = [];
    public double[] Sums { get; set; } = [];
    public string?[] Extremes { get; set; } = [];
    public Dictionary<string, long>?[] Frequencies { get; set; } = [];

    public static GroupState Empty(string?[] keys, int aggregates) => new()
    {
        Keys = keys,
        Counts = new long[aggregates],
        Sums = new double[aggregates],
        Extremes = new string?[aggregates],
        Frequencies = new Dictionary<string, long>?[aggregates],
    };
}
