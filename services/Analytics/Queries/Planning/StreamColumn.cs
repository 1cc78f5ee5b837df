namespace TweetPlatform.Analytics.Queries.Planning;

public sealed record StreamColumn(string Name, ColumnType Type, string Description);
