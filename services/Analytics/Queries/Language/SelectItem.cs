namespace TweetPlatform.Analytics.Queries.Language;

/// <param name="Alias">The column's name in the result: <c>AS name</c>, or the expression as written.</param>
public sealed record SelectItem(Expression Expression, string Alias);
