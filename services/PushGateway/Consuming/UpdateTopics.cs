using TweetPlatform.PushGateway.Feed;

namespace TweetPlatform.PushGateway.Consuming;

/// <summary>
/// The topics browsers are streamed, in the fixed order that gives each its index in a
/// <see cref="FeedPosition"/>: changing the order changes what resume tokens mean.
/// </summary>
public static class UpdateTopics
{
    public static IReadOnlyList<string> All { get; } =
    [
        Contracts.Topics.Tweets, Contracts.Topics.LikeCounts,
        Contracts.Topics.TweetCounts, Contracts.Topics.TrendingHashtags, Contracts.Topics.TopLiked, Contracts.Topics.Alerts,
        Contracts.Topics.LiveQueryResults,
    ];

    public static int Key(string topic, int partition)
    {
        for (var i = 0; i < All.Count; i++)
        {
            if (All[i] == topic)
            {
                return FeedPosition.Key(i, partition);
            }
        }
        throw new ArgumentException($"{topic} is not streamed to browsers.", nameof(topic));
    }
}
