using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using TweetPlatform.Contracts.Events;
using TweetPlatform.LikeTracking.Processing;

namespace TweetPlatform.UnitTests.LikeTracking;

/// <summary>The counting group's per-partition state: replay boundary, ownership, and retries of one message.</summary>
public sealed class LikeCountPartitionsTests
{
    private static LikeToggled Like(string viewer, bool liked = true) =>
        new() { TweetId = "t", ViewerId = viewer, Liked = liked, RequestedAt = DateTimeOffset.UnixEpoch };

    [Fact]
    public void A_retried_message_gets_its_first_outcome_instead_of_being_applied_twice()
    {
        var partitions = new LikeCountPartitions(NullLogger<LikeCountPartitions>.Instance, TimeProvider.System);
        partitions.Own(3, replayUntil: 0);

        var first = partitions.Apply(3, 42, Like("v1"));
        var retry = partitions.Apply(3, 42, Like("v1"));

        // The retry still reports the change, so the count whose publishing failed is published.
        Assert.Equal(first, retry);
        Assert.True(retry!.Changed);
        Assert.Equal(1, retry.Count);
        Assert.False(partitions.Apply(3, 43, Like("v1"))!.Changed);
    }

    [Fact]
    public void Messages_below_the_committed_offset_are_replay_and_unowned_partitions_are_ignored()
    {
        var partitions = new LikeCountPartitions(NullLogger<LikeCountPartitions>.Instance, TimeProvider.System);
        partitions.Own(0, replayUntil: 10);

        Assert.True(partitions.IsReplay(0, 9));
        Assert.False(partitions.IsReplay(0, 10));
        Assert.Null(partitions.Apply(1, 0, Like("v1")));

        partitions.OnRevoked([new TopicPartitionOffset("likes.v1", 0, 10)]);
        Assert.Null(partitions.Apply(0, 11, Like("v1")));
        Assert.False(partitions.IsReplay(0, 9));
    }
}
