using TweetPlatform.PushGateway.Consuming;
using TweetPlatform.PushGateway.Feed;
using TweetPlatform.PushGateway.Projection;
using TweetPlatform.PushGateway.Sse;

namespace TweetPlatform.UnitTests.PushGateway;

/// <summary>The resume token: every partition's next offset, encoded compactly, and nothing else accepted.</summary>
public sealed class FeedPositionTests
{
    [Fact]
    public void A_position_survives_encoding_and_partitions_at_zero_are_left_out()
    {
        var position = new FeedPosition();
        position.Advance(FeedPosition.Key(0, 0), 0);
        position.Advance(FeedPosition.Key(0, 3), 17);
        position.Advance(FeedPosition.Key(0, 15), 1_000_000_000_123);
        position.Advance(FeedPosition.Key(5, 0), 2);

        var token = position.Encode();

        Assert.StartsWith("1.", token);
        Assert.True(FeedPosition.TryParse(token, out var parsed));
        Assert.Equal(position.Entries.Where(e => e.Value > 0), parsed.Entries);
        Assert.Equal(17, parsed[FeedPosition.Key(0, 3)]);
        Assert.Equal(0, parsed[FeedPosition.Key(0, 0)]);
    }

    [Fact]
    public void Thirty_six_busy_partitions_make_a_token_of_a_couple_of_hundred_characters()
    {
        var position = new FeedPosition();
        for (var topic = 0; topic < 6; topic++)
        {
            for (var partition = 0; partition < (topic < 2 ? 16 : 1); partition++)
            {
                position.Advance(FeedPosition.Key(topic, partition), 5_000_000);
            }
        }

        Assert.InRange(position.Encode().Length, 100, 260);
    }

    [Fact]
    public void Positions_only_move_forward_and_max_takes_the_further_of_each_partition()
    {
        var a = new FeedPosition();
        a.Advance(1, 10);
        a.Advance(1, 5);
        a.Advance(2, 3);
        var b = new FeedPosition();
        b.Advance(2, 8);
        b.Advance(3, 1);

        var max = a.Max(b);

        Assert.Equal(10, a[1]);
        Assert.Equal([new(1, 10L), new(2, 8L), new KeyValuePair<int, long>(3, 1L)], max.Entries);
        Assert.Equal(3, a[2]); // a itself is unchanged
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("tw.3.120")]
    [InlineData("2.AQE")]
    [InlineData("1.!!!")]
    [InlineData("1.gA")] // a varint that never ends
    [InlineData("1.AQ")] // a key without its offset
    [InlineData("1.AQA")] // an offset of 0 is never written
    [InlineData("1.AQEAAQ")] // the same key twice
    public void Anything_but_a_token_this_stream_made_is_refused(string? token) =>
        Assert.False(FeedPosition.TryParse(token, out _));

    [Fact]
    public void An_oversized_token_is_refused_without_decoding() =>
        Assert.False(FeedPosition.TryParse("1." + new string('A', FeedPosition.MaxTokenLength), out _));
}
