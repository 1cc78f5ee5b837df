namespace TweetPlatform.Analytics.Queries.Running;

/// <summary>A running query went over one of its limits; it is stopped with this reason, the service goes on.</summary>
public sealed class QueryLimitExceededException(string reason) : Exception(reason);
