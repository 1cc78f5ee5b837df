using TweetPlatform.Analytics.Operators;

namespace TweetPlatform.UnitTests.Analytics;

/// <summary>Most liked tweets per conference from absolute like counts.</summary>
public sealed class MostLikedTweetsTests
{
    private static TopLikedUpdate List(string conference, params (string Id, long Count)[] tweets) =>
        new(conference, tweets.Select(t => new LikedTweet(t.Id, t.Count)).ToArray());

    [Fact]
    public void Keeps_the_top_three_per_conference_with_ties_by_tweet_id()
    {
        var liked = new MostLikedTweets();

        Assert.Equal(List("j", ("t2", 1)), liked.Update("j", "t2", 1));
        Assert.Equal(List("j", ("t1", 1), ("t2", 1)), liked.Update("j", "t1", 1));
        Assert.Equal(List("j", ("t1", 1), ("t2", 1), ("t3", 1)), liked.Update("j", "t3", 1));
        Assert.Null(liked.Update("j", "t4", 1)); // ties with the third, and "t3" < "t4"
        Assert.Equal(List("d", ("t9", 5)), liked.Update("d", "t9", 5));
        Assert.Equal(List("j", ("t1", 1), ("t2", 1), ("t3", 1)), liked.TopFor("j"));
    }

    [Fact]
    public void An_overtaken_tweet_drops_out_and_comes_back_when_it_overtakes_again()
    {
        var liked = new MostLikedTweets(size: 2);
        liked.Update("j", "a", 2);
        liked.Update("j", "b", 1);

        Assert.Equal(List("j", ("c", 3), ("a", 2)), liked.Update("j", "c", 3));
        Assert.Equal(List("j", ("b", 3), ("c", 3)), liked.Update("j", "b", 3));
    }

    [Fact]
    public void A_tweet_is_listed_once_and_an_unliked_tweet_makes_room_for_the_next()
    {
        var liked = new MostLikedTweets(size: 2);
        liked.Update("j", "a", 5);
        liked.Update("j", "b", 4);
        liked.Update("j", "c", 3);
        liked.Update("j", "a", 6);
        liked.Update("j", "a", 7);

        Assert.Equal(List("j", ("a", 7), ("b", 4)), liked.TopFor("j"));
        Assert.Equal(List("j", ("b", 4), ("c", 3)), liked.Update("j", "a", 0));
        Assert.False(liked.LikeCounts.ContainsKey(new ConferenceTweet("j", "a")));
    }

    [Fact]
    public void Emits_only_when_the_list_changed()
    {
        var liked = new MostLikedTweets(size: 1);
        Assert.NotNull(liked.Update("j", "a", 5));

        Assert.Null(liked.Update("j", "a", 5)); // the same count again
        Assert.Null(liked.Update("j", "b", 4)); // below the list
        Assert.Null(liked.Update("j", "b", 5)); // a tie that "a" wins
        Assert.NotNull(liked.Update("j", "a", 6));
    }

    [Fact]
    public void A_restored_instance_continues_with_the_same_lists()
    {
        var original = new MostLikedTweets();
        var restored = new MostLikedTweets();
        var random = new Random(9);
        for (var i = 0; i < 500; i++)
        {
            original.Update($"c{random.Next(3)}", $"t{random.Next(20)}", random.Next(0, 10));
        }

        Changelog.Ship(original.LikeCounts, restored.LikeCounts);

        for (var i = 0; i < 500; i++)
        {
            var (conference, tweet, count) = ($"c{random.Next(3)}", $"t{random.Next(20)}", random.Next(0, 10));
            Assert.Equal(original.Update(conference, tweet, count), restored.Update(conference, tweet, count));
        }
        foreach (var conference in new[] { "c0", "c1", "c2" })
        {
            Assert.Equal(original.TopFor(conference), restored.TopFor(conference));
        }
    }
}
