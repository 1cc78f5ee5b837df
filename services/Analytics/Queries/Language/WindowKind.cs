namespace TweetPlatform.Analytics.Queries.Language;

public enum WindowKind
{
    Tumbling,
    Hopping,
}
