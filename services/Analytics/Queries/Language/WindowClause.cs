namespace TweetPlatform.Analytics.Queries.Language;

/// <param name="Advance">Hopping windows only; tumbling windows advance by their size.</param>
public sealed record WindowClause(WindowKind Kind, TimeSpan Size, TimeSpan Advance, int Position);
