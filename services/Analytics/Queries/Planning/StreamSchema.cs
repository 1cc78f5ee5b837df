namespace TweetPlatform.Analytics.Queries.Planning;

/// <summary>A stream a query reads, with its columns; <see cref="EventTime"/> is the column windows cut.</summary>
public sealed record StreamSchema(string Name, IReadOnlyList<StreamColumn> Columns, string EventTime)
{
    public const string WindowStart = "windowstart";
    public const string WindowEnd = "windowend";

    public static readonly StreamSchema Tweets = new("tweets",
    [
        new("tweet_id", ColumnType.String, "the tweet's id"),
        new("author", ColumnType.String, "who wrote it"),
        new("text", ColumnType.String, "the tweet's text"),
        new("conference", ColumnType.String, "the conference it was matched to, or NULL"),
        new("hashtag", ColumnType.String, "one row per hashtag (without '#'); a tweet without hashtags has no row when this is used"),
        new("language", ColumnType.String, "its language code, or NULL"),
        new("retweet", ColumnType.Boolean, "whether it is a retweet"),
        new("created_at", ColumnType.Timestamp, "when it was written (the event time)"),
    ], "created_at");

    public static readonly StreamSchema LikeCounts = new("like_counts",
    [
        new("tweet_id", ColumnType.String, "the liked tweet's id"),
        new("likes", ColumnType.Number, "its like count after this change"),
        new("changed_at", ColumnType.Timestamp, "when the count changed (the event time)"),
    ], "changed_at");

    public static readonly IReadOnlyList<StreamSchema> All = [Tweets, LikeCounts];

    public StreamColumn? Column(string name) => Columns.FirstOrDefault(c => c.Name == name);
}
