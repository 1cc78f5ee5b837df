namespace TweetPlatform.Analytics.Operators;

/// <summary>An item and the score it is ranked by.</summary>
public readonly record struct RankedItem<TItem>(TItem Item, long Score) where TItem : notnull;
