using Confluent.Kafka;
using TweetPlatform.Analytics.Routing;
using TweetPlatform.Contracts;
using TweetPlatform.Contracts.Events;

namespace TweetPlatform.UnitTests.Analytics;

/// <summary>
/// The router's replay after a restart: what was routed and committed is not routed again, and
/// everything else is, whichever of the two co-partitioned topics the replay happens to read first.
/// </summary>
public sealed class ConferenceRoutingStateTests
{
    private const int Partition = 5;
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    private static TweetReceived Tweet(string id, string? conference = "dotnetconf") => new()
    {
        TweetId = id, Text = "hi", Author = "a", Conference = conference, CreatedAt = Now, ReceivedAt = Now, Source = "api",
    };

    private static LikeCountChanged Likes(string tweetId, int count, long likesOffset) => new()
    {
        TweetId = tweetId, Count = count, LikesPartition = Partition, LikesOffset = likesOffset, ChangedAt = Now,
    };

    private static TopicPartitionOffset At(string topic, long offset) => new(topic, Partition, offset);

    private static string Show(IEnumerable<ConferenceActivity> routed) =>
        string.Join(",", routed.Select(a => a.Kind == "tweet" ? $"tweet:{a.Conference}" : $"likes:{a.Conference}:{a.LikeCount}"));

    [Fact]
    public void A_tweet_is_routed_for_the_overall_view_and_its_conference_and_releases_a_like_count_that_came_first()
    {
        var state = new ConferenceRoutingState();
        state.Own(Partition, tweetsReplayUntil: 0, likesReplayUntil: 0);

        var early = state.OnLikeCount(Likes("t1", 4, likesOffset: 9), At(Topics.LikeCounts, 0));
        var tweet = state.OnTweet(Tweet("t1"), At(Topics.Tweets, 0));

        Assert.Empty(early);
        Assert.Equal("tweet:*,tweet:dotnetconf,likes:dotnetconf:4", Show(tweet));
    }

    [Fact]
    public void Only_the_newest_waiting_like_count_is_routed_when_its_tweet_arrives()
    {
        var state = new ConferenceRoutingState();
        state.Own(Partition, 0, 0);

        state.OnLikeCount(Likes("t1", 4, likesOffset: 9), At(Topics.LikeCounts, 0));
        state.OnLikeCount(Likes("t1", 3, likesOffset: 7), At(Topics.LikeCounts, 1)); // older likes offset, arrived later

        Assert.Equal("tweet:*,tweet:dotnetconf,likes:dotnetconf:4", Show(state.OnTweet(Tweet("t1"), At(Topics.Tweets, 0))));
    }

    [Fact]
    public void Replayed_input_that_was_committed_is_not_routed_again()
    {
        var state = new ConferenceRoutingState();
        state.Own(Partition, tweetsReplayUntil: 10, likesReplayUntil: 10);

        Assert.Empty(state.OnTweet(Tweet("t1"), At(Topics.Tweets, 3)));
        Assert.Empty(state.OnLikeCount(Likes("t1", 2, 1), At(Topics.LikeCounts, 4)));
    }

    // The crash this guards against: the like count came before its tweet and was committed while
    // waiting; the tweet (which routes it) was not committed. The count must be routed by the replay.
    [Fact]
    public void A_committed_like_count_whose_tweet_was_not_committed_is_routed_when_the_tweet_is_replayed_first()
    {
        var state = new ConferenceRoutingState();
        state.Own(Partition, tweetsReplayUntil: 3, likesReplayUntil: 8);

        var tweet = state.OnTweet(Tweet("t1"), At(Topics.Tweets, 3)); // not committed: routed again
        var likes = state.OnLikeCount(Likes("t1", 6, likesOffset: 40), At(Topics.LikeCounts, 5)); // committed, yet never routed

        Assert.Equal("tweet:*,tweet:dotnetconf", Show(tweet));
        Assert.Equal("likes:dotnetconf:6", Show(likes));
    }

    [Fact]
    public void A_committed_like_count_whose_tweet_was_not_committed_is_routed_when_the_like_count_is_replayed_first()
    {
        var state = new ConferenceRoutingState();
        state.Own(Partition, tweetsReplayUntil: 3, likesReplayUntil: 8);

        var likes = state.OnLikeCount(Likes("t1", 6, likesOffset: 40), At(Topics.LikeCounts, 5));
        var tweet = state.OnTweet(Tweet("t1"), At(Topics.Tweets, 3));

        Assert.Empty(likes);
        Assert.Equal("tweet:*,tweet:dotnetconf,likes:dotnetconf:6", Show(tweet));
    }

    [Fact]
    public void A_like_count_after_the_commit_is_routed_by_a_replayed_tweet()
    {
        var state = new ConferenceRoutingState();
        state.Own(Partition, tweetsReplayUntil: 10, likesReplayUntil: 2);

        Assert.Empty(state.OnLikeCount(Likes("t1", 1, likesOffset: 50), At(Topics.LikeCounts, 2)));
        Assert.Equal("likes:dotnetconf:1", Show(state.OnTweet(Tweet("t1"), At(Topics.Tweets, 4))));
    }

    [Fact]
    public void A_tweet_without_a_conference_goes_only_to_the_overall_view_and_its_likes_nowhere()
    {
        var state = new ConferenceRoutingState();
        state.Own(Partition, 0, 0);

        Assert.Equal("tweet:*", Show(state.OnTweet(Tweet("t1", conference: null), At(Topics.Tweets, 0))));
        Assert.Empty(state.OnLikeCount(Likes("t1", 1, 1), At(Topics.LikeCounts, 0)));
    }

    [Fact]
    public void Input_of_a_partition_not_owned_is_ignored_and_a_tweet_sent_twice_routes_once()
    {
        var state = new ConferenceRoutingState();
        Assert.Empty(state.OnTweet(Tweet("t1"), At(Topics.Tweets, 0)));

        state.Own(Partition, 0, 0);
        Assert.NotEmpty(state.OnTweet(Tweet("t1"), At(Topics.Tweets, 0)));
        Assert.Empty(state.OnTweet(Tweet("t1"), At(Topics.Tweets, 1)));
    }
}
