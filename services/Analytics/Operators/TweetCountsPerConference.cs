using TweetPlatform.Contracts.Events;

namespace TweetPlatform.Analytics.Operators;

/// <summary>
/// Tweets per conference per 1-minute tumbling window, and all-time. Every accepted tweet changes its
/// window's count, so every accepted tweet emits one <see cref="TweetCountUpdate"/>; a late tweet emits
/// nothing and is not in the total. Tweets without a conference are not counted.
/// </summary>
public sealed class TweetCountsPerConference
{
    public const string DefaultName = "tweet-counts";
    public static readonly TimeSpan WindowSize = TimeSpan.FromMinutes(1);

    public TweetCountsPerConference(TimeSpan grace, LateEventMetric? lateEvents = null, string name = DefaultName, StateStores? stores = null) =>
        Counter = new WindowedCounter<string>(name, new TumblingWindows(WindowSize), grace, lateEvents: lateEvents, stores: stores);

    /// <summary>The state: its stores are what a restart restores.</summary>
    public WindowedCounter<string> Counter { get; }

    public long LateCount => Counter.LateCount;

    public TweetCountUpdate? Add(TweetReceived tweet) =>
        tweet.Conference is null ? null : Add(tweet.Conference, tweet.CreatedAt);

    /// <returns>The new counts, or null when the tweet was late.</returns>
    public TweetCountUpdate? Add(string conference, DateTimeOffset createdAt)
    {
        ArgumentNullException.ThrowIfNull(conference);
        var change = Counter.Add(conference, createdAt);
        Counter.Expire();
        if (change.IsLate)
        {
            return null;
        }
        var (_, window, count) = change.Updated[0];
        return new TweetCountUpdate(conference, window.Start, window.End, count, Counter.TotalOf(conference));
    }
}
