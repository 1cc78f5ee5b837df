using TweetPlatform.Contracts.Events;

namespace TweetPlatform.Analytics.Operators;

/// <summary>
/// "Conference X received more than <see cref="Threshold"/> tweets within 1 minute", per 1-minute
/// tumbling window: emitted once per (conference, window), when the count first exceeds the threshold.
/// That it fired is kept in <see cref="Fired"/>, so events applied again after a restore (at-least-once
/// delivery) do not raise it twice. Both stores drop a window once it closes.
/// </summary>
public sealed class ConferenceAlerts
{
    public const string DefaultName = "conference-alerts";
    public static readonly TimeSpan WindowSize = TimeSpan.FromMinutes(1);

    public ConferenceAlerts(int threshold, TimeSpan grace, LateEventMetric? lateEvents = null, string name = DefaultName, StateStores? stores = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threshold);
        Threshold = threshold;
        stores ??= new StateStores();
        Counter = new WindowedCounter<string>(name, new TumblingWindows(WindowSize), grace, keepTotals: false, lateEvents: lateEvents, stores: stores);
        Fired = stores.Add<WindowedKey<string>, long>($"{name}.fired", WindowedKey<string>.Order(StringComparer.Ordinal));
    }

    public int Threshold { get; }

    public WindowedCounter<string> Counter { get; }

    /// <summary>Windows whose alert was emitted, with the count it was emitted at.</summary>
    public StateStore<WindowedKey<string>, long> Fired { get; }

    public long LateCount => Counter.LateCount;

    public ConferenceAlert? Add(TweetReceived tweet) =>
        tweet.Conference is null ? null : Add(tweet.Conference, tweet.CreatedAt);

    /// <returns>The alert when this tweet crossed the threshold for the first time in its window, else null.</returns>
    public ConferenceAlert? Add(string conference, DateTimeOffset createdAt)
    {
        ArgumentNullException.ThrowIfNull(conference);
        var change = Counter.Add(conference, createdAt);
        ConferenceAlert? alert = null;
        if (!change.IsLate)
        {
            var (_, window, count) = change.Updated[0];
            var key = new WindowedKey<string>(conference, window);
            if (count > Threshold && !Fired.ContainsKey(key))
            {
                Fired.Put(key, count);
                alert = new ConferenceAlert(conference, window.Start, window.End, count, Threshold);
            }
        }
        Expire();
        return alert;
    }

    private void Expire()
    {
        Counter.Expire();
        // A closed window takes no more events, so its flag can never be needed again.
        var closed = Fired.Entries.Select(e => e.Key).TakeWhile(k => Counter.IsClosed(k.Window)).ToList();
        foreach (var key in closed)
        {
            Fired.Delete(key);
        }
    }
}
