namespace TweetPlatform.Analytics.Queries.Planning;

public sealed record ResultColumn(string Name, ColumnType Type);
