namespace TweetPlatform.Analytics.Queries.Running;

/// <summary>One entry of TOPK's result: a value and how many rows had it.</summary>
public sealed record RankedValue(object? Value, long Count);
