using TweetPlatform.Contracts.Events;

namespace TweetPlatform.Analytics.Model;

/// <summary>What a valid query would produce: its result columns, and whether it is windowed or aggregates.</summary>
public sealed record QueryCheck(IReadOnlyList<LiveQueryColumn> Columns, bool Windowed, bool Aggregates);
