using TweetPlatform.Contracts.Events;
using TweetPlatform.EventBus;

namespace TweetPlatform.Contracts;

/// <summary>
/// The event registry of the platform: every topic's event type and contract. One event type per topic,
/// versioned as the topic is (a backward-incompatible change is a new major version and a new topic).
/// </summary>
public static class IntegrationEvents
{
    public static EventRegistration<TweetReceived> TweetReceived { get; } =
        new(Topics.Tweets, "tweet-received.v1", EventJsonContext.Default.TweetReceived, Events.TweetReceived.CurrentVersion);

    public static EventRegistration<LikeToggled> LikeToggled { get; } =
        new(Topics.Likes, "like-toggled.v1", EventJsonContext.Default.LikeToggled, Events.LikeToggled.CurrentVersion);

    public static EventRegistration<LikeCountChanged> LikeCountChanged { get; } =
        new(Topics.LikeCounts, "like-count-changed.v1", EventJsonContext.Default.LikeCountChanged, Events.LikeCountChanged.CurrentVersion);

    public static EventRegistration<ConferenceActivity> ConferenceActivity { get; } =
        new(Topics.ConferenceActivity, "conference-activity.v1", EventJsonContext.Default.ConferenceActivity, Events.ConferenceActivity.CurrentVersion);

    /// <summary>Analytics' store entries: each store's own JSON, not a contract other services read.</summary>
    public static EventRegistration AnalyticsStateEntry { get; } = new(Topics.AnalyticsChangelog, "analytics-state-entry.v1", contract: null);

    public static EventRegistration<TweetCountsChanged> TweetCountsChanged { get; } =
        new(Topics.TweetCounts, "tweet-counts-changed.v1", EventJsonContext.Default.TweetCountsChanged);

    public static EventRegistration<TrendingHashtagsChanged> TrendingHashtagsChanged { get; } =
        new(Topics.TrendingHashtags, "trending-hashtags-changed.v1", EventJsonContext.Default.TrendingHashtagsChanged);

    public static EventRegistration<TopLikedChanged> TopLikedChanged { get; } =
        new(Topics.TopLiked, "top-liked-changed.v1", EventJsonContext.Default.TopLikedChanged);

    public static EventRegistration<ConferenceAlertRaised> ConferenceAlertRaised { get; } =
        new(Topics.Alerts, "conference-alert-raised.v1", EventJsonContext.Default.ConferenceAlertRaised);

    public static EventRegistration<LiveQueryChanged> LiveQueryChanged { get; } =
        new(Topics.LiveQueries, "live-query-changed.v1", EventJsonContext.Default.LiveQueryChanged, Events.LiveQueryChanged.CurrentVersion);

    public static EventRegistration<LiveQueryResultChanged> LiveQueryResultChanged { get; } =
        new(Topics.LiveQueryResults, "live-query-result-changed.v1", EventJsonContext.Default.LiveQueryResultChanged);

    public static EventRegistry Registry { get; } = new(
    [
        TweetReceived, LikeToggled, LikeCountChanged, ConferenceActivity, AnalyticsStateEntry,
        TweetCountsChanged, TrendingHashtagsChanged, TopLikedChanged, ConferenceAlertRaised,
        LiveQueryChanged, LiveQueryResultChanged,
    ]);
}
