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
        _likeCountJson = IntegrationEvents.LikeCountChanged.Serialize(SampleEvents.LikeCount);
        _activityJson = IntegrationEvents.ConferenceActivity.Serialize(SampleEvents.Activity);
        Console.WriteLine($"// TweetReceived JSON: {_tweetJson.Length} bytes, LikeCountChanged: {_likeCountJson.Length} bytes, ConferenceActivity: {_activityJson.Length} bytes");
    }

    [Benchmark]
    public byte[] TweetReceived_Serialize() => IntegrationEvents.TweetReceived.Serialize(SampleEvents.Tweet);

    [Benchmark]
    public TweetReceived TweetReceived_Deserialize() =>
        IntegrationEvents.TweetReceived.Deserialize(_tweetJson);

    [Benchmark]
    public byte[] LikeCountChanged_Serialize() => IntegrationEvents.LikeCountChanged.Serialize(SampleEvents.LikeCount);

    [Benchmark]
    public LikeCountChanged LikeCountChanged_Deserialize() =>
        IntegrationEvents.LikeCountChanged.Deserialize(_likeCountJson);

    /// <summary>What the analytics per-conference stage reads for every record before applying it.</summary>
    [Benchmark]
    public ConferenceActivity ConferenceActivity_Deserialize() =>
        IntegrationEvents.ConferenceActivity.Deserialize(_activityJson);
}
