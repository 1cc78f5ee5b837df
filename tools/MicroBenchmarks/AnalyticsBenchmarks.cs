using BenchmarkDotNet.Attributes;
using TweetPlatform.Analytics;
using TweetPlatform.Analytics.Processing;
using TweetPlatform.Analytics.Operators;
using TweetPlatform.Contracts;
using TweetPlatform.Contracts.Events;

namespace TweetPlatform.MicroBenchmarks;

/// <summary>
/// The analytics per-conference stage, operator by operator and as a whole (<see cref="AnalyticsTask.Apply"/>),
/// in steady state. The input mirrors the end-to-end analytics throughput benchmark's: tweets 20 ms of event time apart, each
/// tagged with its conference and one of 50 topic hashtags. Every operator is filled with
/// <see cref="WarmupEvents"/> events (longer than the 5-minute trending windows) before measuring, and
/// event time keeps moving on during the run, so windows open, close and expire as in the service.
/// <para>
/// <see cref="ConferencesInTask"/>: how many conferences share the task (partition). 1 is the common
/// case with 8 conferences on 16 partitions; 8 is one task owning them all.
/// </para>
/// The operator benchmarks are the pieces of <c>Task_Apply_ConferenceTweet</c>: a conference record
/// runs TweetCounts, ConferenceAlerts and TrendingHashtags (which counts with a hopping-window counter,
/// <c>HoppingCounter_AddEvent</c>, then ranks and diffs), then serialises the findings.
/// Changelog writes (TakeChanges, JSON) happen once per batch in the service and are only in
/// <c>Task_Batch2000_WithChangelog</c>, which reports the cost per record.
/// </summary>
[MemoryDiagnoser]
public class AnalyticsBenchmarks
{
    private const int WarmupEvents = 20_000;
    private const int BatchSize = 2_000; // AnalyticsOptions.MaxBatchSize
    private const int RingSize = 4_096;
    private const int TopicHashtags = 50;
    private const int LikedTweets = 500;

    private static readonly DateTimeOffset Start = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);
    private static readonly long StepTicks = TimeSpan.FromMilliseconds(20).Ticks;
    private static readonly string[] Conferences = ["kafkasummit", "codeone", "javaone", "oow17", "devoxx", "qcon", "ndcporto", "oraclecodeone"];

    private Sample[] _samples = null!;
    private long[] _likeCounts = null!;
    private long _next;

    private TweetCountsPerConference _counts = null!;
    private ConferenceAlerts _alerts = null!;
    private TrendingHashtags _trending = null!;
    private WindowedCounter<ScopedHashtag> _hoppingCounter = null!;
    private MostLikedTweets _mostLiked = null!;
    private AnalyticsTask _conferenceTask = null!;
    private AnalyticsTask _overallTask = null!;
    private AnalyticsTask _likesTask = null!;
    private AnalyticsTask _batchConferenceTask = null!;
    private AnalyticsTask _batchOverallTask = null!;

    [Params(1, 8)]
    public int ConferencesInTask { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _samples = new Sample[RingSize];
        for (var n = 0; n < RingSize; n++)
        {
            var conference = Conferences[random.Next(ConferencesInTask)];
            var topic = $"h{random.Next(TopicHashtags)}";
            _samples[n] = new Sample(conference, $"t{n}", [conference, topic],
                [new(ScopedHashtag.AllTweets, conference), new(ScopedHashtag.AllTweets, topic), new(conference, conference), new(conference, topic)],
                random.Next(LikedTweets));
        }
        _likeCounts = new long[LikedTweets];

        var options = new AnalyticsOptions();
        _counts = new TweetCountsPerConference(options.Grace);
        _alerts = new ConferenceAlerts(options.AlertThreshold, options.Grace);
        _trending = new TrendingHashtags(options.Grace);
        _hoppingCounter = new WindowedCounter<ScopedHashtag>("hopping", new HoppingWindows(TrendingHashtags.WindowSize, TrendingHashtags.WindowAdvance),
            options.Grace, keepTotals: false);
        _mostLiked = new MostLikedTweets(options.TopLikedSize);
        _conferenceTask = new AnalyticsTask(0, options, lateEvents: null);
        _overallTask = new AnalyticsTask(1, options, lateEvents: null);
        _likesTask = new AnalyticsTask(2, options, lateEvents: null);
        _batchConferenceTask = new AnalyticsTask(3, options, lateEvents: null);
        _batchOverallTask = new AnalyticsTask(4, options, lateEvents: null);

        _next = 0;
        for (var n = 0; n < WarmupEvents; n++)
        {
            TweetCounts_Add();
            ConferenceAlerts_Add();
            TrendingHashtags_Add();
            HoppingCounter_AddEvent();
            MostLikedTweets_Update();
            Task_Apply_ConferenceTweet();
            Task_Apply_OverallTweet();
            Task_Apply_LikeCount();
            _next -= 8; // every operator sees the same events
        }
        for (var n = 0; n < WarmupEvents / BatchSize; n++)
        {
            Task_Batch2000_WithChangelog();
            _next -= BatchSize / 2;
        }
        // Drain what warming up wrote, as the service's batches would have.
        foreach (var task in new[] { _conferenceTask, _overallTask, _likesTask })
        {
            task.TakeChanges();
        }
        _next = WarmupEvents;
    }

    [Benchmark]
    public TweetCountUpdate? TweetCounts_Add()
    {
        var (sample, time, _) = Next();
        return _counts.Add(sample.Conference, time);
    }

    [Benchmark]
    public ConferenceAlert? ConferenceAlerts_Add()
    {
        var (sample, time, _) = Next();
        return _alerts.Add(sample.Conference, time);
    }

    /// <summary>A conference tweet with 2 hashtags: counted in its conference's and the all-tweets scope, ranked, diffed.</summary>
    [Benchmark]
    public IReadOnlyList<TrendingHashtagsUpdate> TrendingHashtags_Add()
    {
        var (sample, time, _) = Next();
        return _trending.Add(sample.Conference, sample.Hashtags, time);
    }

    /// <summary>The counting part of TrendingHashtags_Add alone: 4 keys into 10 hopping windows, then expiry.</summary>
    [Benchmark]
    public int HoppingCounter_AddEvent()
    {
        var (sample, time, _) = Next();
        var change = _hoppingCounter.AddEvent(sample.Keys, time);
        _hoppingCounter.Expire();
        return change.Updated.Count;
    }

    [Benchmark]
    public TopLikedUpdate? MostLikedTweets_Update()
    {
        var (sample, _, _) = Next();
        return _mostLiked.Update(sample.Conference, $"t{sample.LikedTweet}", ++_likeCounts[sample.LikedTweet]);
    }

    /// <summary>The per-conference stage for one conference record of a tweet with 2 hashtags (incl. building the input record).</summary>
    [Benchmark]
    public IReadOnlyList<Finding> Task_Apply_ConferenceTweet()
    {
        var (sample, time, offset) = Next();
        return _conferenceTask.Apply(TweetActivity(sample, sample.Conference, time, offset), offset, default);
    }

    /// <summary>The "*" record of the same tweet (all-tweets trending only); every tweet has one, all on one partition.</summary>
    [Benchmark]
    public IReadOnlyList<Finding> Task_Apply_OverallTweet()
    {
        var (sample, time, offset) = Next();
        return _overallTask.Apply(TweetActivity(sample, ConferenceActivity.Overall, time, offset), offset, default);
    }

    [Benchmark]
    public IReadOnlyList<Finding> Task_Apply_LikeCount()
    {
        var (sample, time, offset) = Next();
        var activity = new ConferenceActivity
        {
            Kind = "likes", Conference = sample.Conference, TweetId = $"t{sample.LikedTweet}", EventTime = time,
            LikeCount = (int)++_likeCounts[sample.LikedTweet], SourceTopic = Topics.LikeCounts, SourcePartition = 3, SourceOffset = offset,
        };
        return _likesTask.Apply(activity, offset, default);
    }

    /// <summary>
    /// As the service runs it: 1,000 tweets, each applied as its "*" and its conference record (on two
    /// tasks), then the batch's changelog records taken (JSON); reported per record.
    /// </summary>
    [Benchmark(OperationsPerInvoke = BatchSize)]
    public int Task_Batch2000_WithChangelog()
    {
        var outputs = 0;
        for (var n = 0; n < BatchSize / 2; n++)
        {
            var (sample, time, offset) = Next();
            outputs += _batchOverallTask.Apply(TweetActivity(sample, ConferenceActivity.Overall, time, offset), offset, default).Count;
            outputs += _batchConferenceTask.Apply(TweetActivity(sample, sample.Conference, time, offset), offset, default).Count;
        }
        return outputs + _batchOverallTask.TakeChanges().Count + _batchConferenceTask.TakeChanges().Count;
    }

    private (Sample Sample, DateTimeOffset Time, long Offset) Next()
    {
        var i = _next++;
        return (_samples[i & (RingSize - 1)], Start.AddTicks(i * StepTicks), i);
    }

    private static ConferenceActivity TweetActivity(Sample sample, string scope, DateTimeOffset time, long offset) => new()
    {
        Kind = "tweet", Conference = scope, TweetId = sample.TweetId, EventTime = time, Hashtags = sample.Hashtags,
        SourceTopic = Topics.Tweets, SourcePartition = 3, SourceOffset = offset,
    };

    private sealed record Sample(string Conference, string TweetId, string[] Hashtags, ScopedHashtag[] Keys, int LikedTweet);
}

/// <summary>Turning an operator's result into a findings-topic record (source-generated JSON).</summary>
[MemoryDiagnoser]
public class AnalyticsFindingBenchmarks
{
    private static readonly DateTimeOffset WindowStart = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    private readonly TrendingHashtagsUpdate _trending = new("javaone", WindowStart, WindowStart.AddMinutes(5),
        Enumerable.Range(0, TrendingHashtags.TopSize).Select(n => new HashtagCount($"h{n}", 100 - n)).ToArray());

    private readonly TweetCountUpdate _count = new("javaone", WindowStart, WindowStart.AddMinutes(1), 42, 12_345);

    [Benchmark]
    public Finding FindingFactory_Trending() => FindingFactory.Trending(_trending, default);

    [Benchmark]
    public Finding FindingFactory_TweetCounts() => FindingFactory.TweetCounts(_count, default);
}
