using Microsoft.Extensions.Time.Testing;
using TweetPlatform.Analytics;
using TweetPlatform.Analytics.Processing;
using TweetPlatform.Contracts;
using TweetPlatform.Contracts.Events;

namespace TweetPlatform.UnitTests.Analytics;

/// <summary>
/// A task's processor context: what a task forwards goes out with the next batch, findings of one key are rate
/// limited (the latest held one goes out at the punctuation after its interval, or when the partition is revoked),
/// alerts are never held, what was forwarded is taken once, and scheduled punctuators run once per interval of
/// wall-clock time until cancelled.
/// </summary>
public sealed class TaskContextTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero));

    private static Finding Trending(string conference, int version) =>
        new(Topics.TrendingHashtags, conference, [(byte)version], default, SupersededBy: conference);

    private static Finding Alert(string conference, int n) => new(Topics.Alerts, conference, [(byte)n], default, SupersededBy: null);

    [Fact]
    public void A_superseded_finding_is_held_and_its_latest_goes_out_at_the_punctuation_after_its_interval()
    {
        var context = new TaskContext(0, Interval, _time);

        context.Forward(Trending("qcon", 1));
        context.Forward(Trending("qcon", 2));
        context.Forward(Trending("qcon", 3));
        context.Forward(Alert("qcon", 1));
        context.Forward(Alert("qcon", 2));

        Assert.Equal([[1], [1], [2]], context.TakeForwarded().Select(f => f.Value));
        Assert.Empty(context.TakeForwarded());
        context.Punctuate();
        Assert.Empty(context.TakeForwarded());

        _time.Advance(Interval);
        context.Punctuate();
        Assert.Equal([(byte)3], Assert.Single(context.TakeForwarded()).Value);
    }

    [Fact]
    public void A_scheduled_punctuator_runs_once_per_interval_of_wall_clock_time_and_what_it_forwards_goes_out_with_the_batch()
    {
        var context = new TaskContext(0, TimeSpan.Zero, _time);
        var runs = new List<DateTimeOffset>();
        var start = _time.GetUtcNow();
        using var schedule = context.Schedule(Interval, now =>
        {
            runs.Add(now);
            context.Forward(Alert("qcon", runs.Count));
        });

        context.Punctuate();
        _time.Advance(Interval / 2);
        context.Punctuate();
        Assert.Empty(runs);

        _time.Advance(Interval / 2);
        context.Punctuate();
        context.Punctuate();
        Assert.Equal([start + Interval], runs);
        Assert.Equal([(byte)1], Assert.Single(context.TakeForwarded()).Value);

        // Three intervals pass unseen: one run, then the next falls on the schedule again.
        _time.Advance(Interval * 3.5);
        context.Punctuate();
        _time.Advance(Interval / 4);
        context.Punctuate();
        Assert.Equal(2, runs.Count);
        _time.Advance(Interval / 4);
        context.Punctuate();
        Assert.Equal([start + Interval, start + Interval * 4.5, start + Interval * 5], runs);
    }

    [Fact]
    public void A_cancelled_punctuator_runs_no_more()
    {
        var context = new TaskContext(0, TimeSpan.Zero, _time);
        var runs = 0;
        var schedule = context.Schedule(Interval, _ => runs++);
        _time.Advance(Interval);
        context.Punctuate();

        schedule.Dispose();
        _time.Advance(Interval * 2);
        context.Punctuate();

        Assert.Equal(1, runs);
    }

    [Fact]
    public void Before_a_revoke_every_held_finding_goes_out()
    {
        var context = new TaskContext(0, Interval, _time);
        context.Forward(Trending("qcon", 1));
        context.Forward(Trending("qcon", 2));
        context.Forward(Trending("devoxx", 1));
        context.Forward(Trending("devoxx", 2));
        context.TakeForwarded();

        context.ReleaseHeld();

        Assert.Equal(["devoxx:2", "qcon:2"], context.TakeForwarded().Select(f => $"{f.Key}:{f.Value[0]}").Order());
    }

    [Fact]
    public void A_task_forwards_what_it_computes_to_its_context()
    {
        var context = new TaskContext(0, TimeSpan.Zero, _time);
        var task = new AnalyticsTask(0, new AnalyticsOptions(), lateEvents: null, context);

        task.Process(new ConferenceActivity
        {
            Kind = "tweet", Conference = "qcon", TweetId = "t1", EventTime = _time.GetUtcNow(), Hashtags = ["kafka"],
            SourceTopic = Topics.Tweets, SourcePartition = 0, SourceOffset = 0,
        }, inputOffset: 0, default);

        var forwarded = context.TakeForwarded();
        Assert.Contains(forwarded, f => f.Topic == Topics.TweetCounts && f.Key == "qcon");
        Assert.Contains(forwarded, f => f.Topic == Topics.TrendingHashtags && f.Key == "qcon");
        Assert.Contains("task.progress", context.Stores.Names);
    }
}
