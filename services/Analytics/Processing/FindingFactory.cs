using System.Diagnostics;
using System.Globalization;
using TweetPlatform.Analytics.Operators;
using TweetPlatform.Contracts;
using TweetPlatform.Contracts.Events;

namespace TweetPlatform.Analytics.Processing;

/// <summary>Turns operator results into the findings topics' events, keyed by conference ("*" for all tweets).</summary>
public static class FindingFactory
{
    public static Finding TweetCounts(TweetCountUpdate update, ActivityContext cause) =>
        new(Topics.TweetCounts, update.Conference, IntegrationEvents.TweetCountsChanged.Serialize(new TweetCountsChanged
        {
            Conference = update.Conference,
            WindowStart = update.WindowStart,
            WindowEnd = update.WindowEnd,
            WindowCount = update.WindowCount,
            Total = update.Total,
        }), cause,
            // Each window's count matters: only a newer count of the same window replaces one.
            SupersededBy: $"{update.Conference}|{update.WindowStart.ToUnixTimeMilliseconds()}");

    public static Finding Trending(TrendingHashtagsUpdate update, ActivityContext cause)
    {
        var conference = update.Conference ?? ConferenceActivity.Overall;
        return new(Topics.TrendingHashtags, conference, IntegrationEvents.TrendingHashtagsChanged.Serialize(new TrendingHashtagsChanged
        {
            Conference = conference,
            WindowStart = update.WindowStart,
            WindowEnd = update.WindowEnd,
            Top = update.Hashtags.Select(h => new RankedHashtag(h.Hashtag, h.Count)).ToList(),
        }), cause, SupersededBy: conference);
    }

    public static Finding TopLiked(TopLikedUpdate update, ActivityContext cause) =>
        new(Topics.TopLiked, update.Conference, IntegrationEvents.TopLikedChanged.Serialize(new TopLikedChanged
        {
            Conference = update.Conference,
            Top = update.Tweets.Select(t => new RankedTweet(t.TweetId, (int)t.Count)).ToList(),
        }), cause, SupersededBy: update.Conference);

    public static Finding Alert(ConferenceAlert alert, ActivityContext cause) =>
        new(Topics.Alerts, alert.Conference, IntegrationEvents.ConferenceAlertRaised.Serialize(new ConferenceAlertRaised
        {
            Conference = alert.Conference,
            WindowStart = alert.WindowStart,
            WindowEnd = alert.WindowEnd,
            Count = alert.Count,
            Threshold = alert.Threshold,
            Message = string.Create(CultureInfo.InvariantCulture,
                $"{alert.Conference}: more than {alert.Threshold} tweets within a minute ({alert.Count} from {alert.WindowStart:HH:mm} UTC)"),
        }), cause, SupersededBy: null);

    /// <summary>A live query's whole result: a newer one replaces it (rate limited per query).</summary>
    public static Finding QueryResult(LiveQueryResultChanged result, ActivityContext cause) =>
        new(Topics.LiveQueryResults, result.QueryId, IntegrationEvents.LiveQueryResultChanged.Serialize(result), cause, SupersededBy: result.QueryId);

    /// <summary>A live query's new status (stopped at a limit): every one is sent.</summary>
    public static Finding QueryChanged(LiveQueryChanged query, ActivityContext cause) =>
        new(Topics.LiveQueries, query.QueryId, IntegrationEvents.LiveQueryChanged.Serialize(query), cause, SupersededBy: null);
}
