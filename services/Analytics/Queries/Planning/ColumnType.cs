namespace TweetPlatform.Analytics.Queries.Planning;

public enum ColumnType
{
    /// <summary>The type of a NULL literal: compared with anything, it is never true.</summary>
    Null,
    String,
    Number,
    Boolean,
    Timestamp,
    /// <summary>TOPK's result: the k most frequent values with their counts.</summary>
    Ranking,
}
