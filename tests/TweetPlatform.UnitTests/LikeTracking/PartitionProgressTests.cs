using Confluent.Kafka;
using TweetPlatform.LikeTracking.Replicas;

namespace TweetPlatform.UnitTests.LikeTracking;

/// <summary>Waiting until a replica has applied an offset: the read-your-writes step of the like API.</summary>
public sealed class PartitionProgressTests
{
    private static readonly TopicPartition P0 = new("likes.v1", 0);
    private static readonly TopicPartition P1 = new("likes.v1", 1);

    [Fact]
    public async Task A_wait_completes_when_the_partition_reaches_the_target_and_not_for_another_partition()
    {
        var progress = new PartitionProgress();
        var waiting = progress.WaitUntilAsync(P0, 5, TimeSpan.FromSeconds(10), CancellationToken.None);

        progress.Advance(P1, 10);
        progress.Advance(P0, 4);
        Assert.False(waiting.IsCompleted);

        progress.Advance(P0, 5);
        Assert.True(await waiting.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task A_target_already_reached_or_zero_completes_at_once()
    {
        var progress = new PartitionProgress();
        progress.Advance(P0, 7);

        Assert.True(await progress.WaitUntilAsync(P0, 7, TimeSpan.FromSeconds(1), CancellationToken.None));
        Assert.True(await progress.WaitUntilAsync(P1, 0, TimeSpan.FromSeconds(1), CancellationToken.None));
    }

    [Fact]
    public async Task A_wait_that_is_not_reached_in_time_answers_false()
    {
        var progress = new PartitionProgress();

        Assert.False(await progress.WaitUntilAsync(P0, 1, TimeSpan.FromMilliseconds(50), CancellationToken.None));
    }

    [Fact]
    public async Task Progress_never_moves_backwards()
    {
        var progress = new PartitionProgress();
        progress.Advance(P0, 9);
        progress.Advance(P0, 3);

        Assert.True(await progress.WaitUntilAsync(P0, 9, TimeSpan.FromMilliseconds(1), CancellationToken.None));
    }
}
