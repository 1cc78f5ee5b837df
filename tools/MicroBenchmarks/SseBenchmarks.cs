using BenchmarkDotNet.Attributes;
using TweetPlatform.PushGateway.Consuming;
using TweetPlatform.PushGateway.Feed;
using TweetPlatform.PushGateway.Projection;
using TweetPlatform.PushGateway.Sse;

namespace TweetPlatform.MicroBenchmarks;

/// <summary>
/// The push gateway's per-event work: the stream position as SSE id (36 partitions: two topics of
/// 16 and four findings topics of 1) and the frame written to every client.
/// </summary>
[MemoryDiagnoser]
public class SseBenchmarks
{
    private byte[] _json = null!;
    private FeedPosition _position = null!;
    private string _id = null!;
    private SseFrame _frame = null!;

    [GlobalSetup]
    public void Setup()
    {
        _json = SampleEvents.TweetJson;
        _position = new FeedPosition();
        var random = new Random(42);
        int[] partitionsPerTopic = [16, 16, 1, 1, 1, 1];
        for (var topic = 0; topic < partitionsPerTopic.Length; topic++)
        {
            for (var partition = 0; partition < partitionsPerTopic[topic]; partition++)
            {
                // Offsets of a busy day (2-3 byte varints) give a token of about 150 characters.
                _position.Advance(FeedPosition.Key(topic, partition), random.Next(2_000, 16_000));
            }
        }
        _id = _position.Encode();
        _frame = SseFrame.Create("tweet", _id, _json);
        Console.WriteLine($"// SSE id: {_id.Length} chars, data: {_json.Length} bytes, frame: {_frame.Bytes.Length} bytes");
    }

    [Benchmark]
    public SseFrame SseFrame_Create() => SseFrame.Create("tweet", _id, _json);

    /// <summary>The same frame under a client's own id (data lines reused).</summary>
    [Benchmark]
    public SseFrame SseFrame_WithId() => _frame.WithId(_id);

    [Benchmark]
    public string StreamPosition_Encode() => _position.Encode();

    [Benchmark]
    public bool StreamPosition_TryParse() => FeedPosition.TryParse(_id, out _);
}
