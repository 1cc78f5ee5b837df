namespace TweetPlatform.Analytics.Operators;

/// <summary>What one score update did to a <see cref="TopN{TItem}"/>: whether the visible list changed, and the list after it.</summary>
public sealed record TopNChange<TItem>(bool Changed, IReadOnlyList<RankedItem<TItem>> Top) where TItem : notnull;
