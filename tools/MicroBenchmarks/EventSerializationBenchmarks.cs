using BenchmarkDotNet.Attributes;
using TweetPlatform.Contracts;
using TweetPlatform.Contracts.Events;

namespace TweetPlatform.MicroBenchmarks;

/// <summary>Integration events to and from Kafka message values (source-generated JSON via <see cref="EventSerializer"/>).</summary>
[MemoryDiagnoser]
public class EventSerializationBenchmarks
{
    private byte[] _tweetJson = null!;
    private byte[] _likeCountJson = null!;
    private byte[] _activityJson = null!;

    [GlobalSetup]
    public void Setup()
    {
        _tweetJson = SampleEvents.TweetJson;
        _likeCountJson = EventSerializer.Serialize(SampleEvents.LikeCount, EventJsonContext.Default.LikeCountChanged);
        _activityJson = EventSerializer.Serialize(SampleEvents.Activity, EventJsonContext.Default.ConferenceActivity);
        Console.WriteLine($"// TweetReceived JSON: {_tweetJson.Length} bytes, LikeCountChanged: {_likeCountJson.Length} bytes, ConferenceActivity: {_activityJson.Length} bytes");
    }

    [Benchmark]
    public byte[] TweetReceived_Serialize() => EventSerializer.Serialize(SampleEvents.Tweet, EventJsonContext.Default.TweetReceived);

    [Benchmark]
    public TweetReceived TweetReceived_Deserialize() =>
        EventSerializer.Deserialize(_tweetJson, EventJsonContext.Default.TweetReceived, TweetReceived.CurrentVersion);

    [Benchmark]
    public byte[] LikeCountChanged_Serialize() => EventSerializer.Serialize(SampleEvents.LikeCount, EventJsonContext.Default.LikeCountChanged);

    [Benchmark]
    public LikeCountChanged LikeCountChanged_Deserialize() =>
        EventSerializer.Deserialize(_likeCountJson, EventJsonContext.Default.LikeCountChanged, LikeCountChanged.CurrentVersion);

    /// <summary>What the analytics per-conference stage reads for every record before applying it.</summary>
    [Benchmark]
    public ConferenceActivity ConferenceActivity_Deserialize() =>
        EventSerializer.Deserialize(_activityJson, EventJsonContext.Default.ConferenceActivity, ConferenceActivity.CurrentVersion);
}
