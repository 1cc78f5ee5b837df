using System.Diagnostics;
using System.Text;
using TweetPlatform.PushGateway.Consuming;
using TweetPlatform.PushGateway.Feed;
using TweetPlatform.PushGateway.Projection;
using TweetPlatform.PushGateway.Sse;

namespace TweetPlatform.UnitTests.PushGateway;

/// <summary>The exact bytes of server-sent events.</summary>
public sealed class SseFrameTests
{
    private static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    [Fact]
    public void Frame_is_event_id_data_and_a_blank_line()
    {
        var frame = SseFrame.Create("tweet", "tw.1.2", "{\"tweetId\":\"42\"}"u8);

        Assert.Equal("event: tweet\nid: tw.1.2\ndata: {\"tweetId\":\"42\"}\n\n", Text(frame.Bytes));
        Assert.Equal("tweet", frame.EventType);
        Assert.Equal("tw.1.2", frame.Id);
    }

    [Theory]
    [InlineData("a\nb\nc")]
    [InlineData("a\r\nb\r\nc")]
    [InlineData("a\rb\nc")]
    public void Multi_line_data_becomes_one_data_line_per_line(string data)
    {
        var frame = SseFrame.Create("tweet", "1", Encoding.UTF8.GetBytes(data));

        Assert.Equal("event: tweet\nid: 1\ndata: a\ndata: b\ndata: c\n\n", Text(frame.Bytes));
    }

    [Fact]
    public void Trailing_newline_in_data_is_kept_as_an_empty_data_line()
    {
        var frame = SseFrame.Create("tweet", "1", "a\n"u8);

        Assert.Equal("event: tweet\nid: 1\ndata: a\ndata: \n\n", Text(frame.Bytes));
    }

    [Theory]
    [InlineData("tw.1\n2")]
    [InlineData("tw.1\r2")]
    public void Id_with_a_line_break_is_rejected(string id)
    {
        var error = Assert.Throws<ArgumentException>(() => SseFrame.Create("tweet", id, "{}"u8));
        Assert.Equal("id", error.ParamName);
    }

    [Theory]
    [InlineData("tweet\ndata: injected")]
    [InlineData("tweet\r")]
    public void Event_type_with_a_line_break_is_rejected(string eventType)
    {
        var error = Assert.Throws<ArgumentException>(() => SseFrame.Create(eventType, "1", "{}"u8));
        Assert.Equal("eventType", error.ParamName);
    }

    [Fact]
    public void Parent_trace_context_is_carried()
    {
        var parent = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);

        Assert.Equal(parent, SseFrame.Create("tweet", "1", "{}"u8, parent).Parent);
    }

    [Fact]
    public void KeepAlive_is_an_sse_comment()
    {
        Assert.Equal(": keep-alive\n\n", Text(SseFrame.KeepAliveComment.Bytes.ToArray()));
    }

    [Fact]
    public void Retry_is_the_retry_field_alone()
    {
        Assert.Equal("retry: 3000\n\n", Text(SseFrame.Retry(3000)));
    }

    [Fact]
    public void Only_the_first_write_of_a_frame_is_traced_and_a_copy_under_another_id_keeps_the_data()
    {
        var frame = SseFrame.Create("tweet", "1.AQE", "{\"a\":1}\n{\"b\":2}"u8);

        Assert.True(frame.TryTraceWrite());
        Assert.False(frame.TryTraceWrite());
        var copy = frame.WithId("1.AQI");

        Assert.Equal("event: tweet\nid: 1.AQI\ndata: {\"a\":1}\ndata: {\"b\":2}\n\n", Text(copy.Bytes));
        Assert.True(copy.TryTraceWrite());
    }
}
