namespace TweetPlatform.Analytics.Model;

/// <summary>The body of <c>POST /api/queries</c> (and, without a name, of <c>POST /api/queries/check</c>).</summary>
public sealed record QueryRequest(string? Name, string? Sql);
