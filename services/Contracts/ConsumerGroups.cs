namespace TweetPlatform.Contracts;

/// <summary>
/// The consumer groups that commit offsets. Kept here, next to the topics, because the embedded broker
/// saves their committed offsets across restarts and cannot list groups itself (the mock has no such call).
/// </summary>
public static class ConsumerGroups
{
    /// <summary>like-tracking's counter of <see cref="Topics.Likes"/>.</summary>
    public const string LikeTracking = "like-tracking";

    /// <summary>analytics' router from the input topics to <see cref="Topics.ConferenceActivity"/>.</summary>
    public const string AnalyticsRouter = "analytics-router";

    /// <summary>analytics' per-conference processor of <see cref="Topics.ConferenceActivity"/>.</summary>
    public const string Analytics = "analytics";

    public static IReadOnlyList<string> All { get; } = [LikeTracking, AnalyticsRouter, Analytics];
}
