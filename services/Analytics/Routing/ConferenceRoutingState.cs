using Confluent.Kafka;
using TweetPlatform.Analytics.Processing;
using TweetPlatform.Analytics.Queries.Catalog;
using TweetPlatform.Contracts;
using TweetPlatform.Contracts.Events;

namespace TweetPlatform.Analytics.Routing;

/// <summary>
/// What the router knows for the input partitions it owns: each tweet's conference (from the tweets
/// topic) and like counts that arrived before their tweet. Rebuilt on assignment by reading the
/// partitions again from their beginning; what lies below the group's committed offsets was routed
/// before and is not routed again. Live queries get their input here too: each new tweet and like count is sent
/// once to each partition that runs queries over its stream, naming those queries.
/// </summary>
public sealed class ConferenceRoutingState(LiveQueryCatalog? queries = null)
{
    private readonly Dictionary<int, OwnedPartition> _owned = [];
    private readonly Lock _gate = new();

    public void Own(int partition, long tweetsReplayUntil, long likesReplayUntil)
    {
        lock (_gate)
        {
            _owned[partition] = new OwnedPartition(tweetsReplayUntil, likesReplayUntil);
        }
    }

    public void Release(int partition)
    {
        lock (_gate)
        {
            _owned.Remove(partition);
        }
    }

    public bool IsReplay(TopicPartitionOffset message)
    {
        lock (_gate)
        {
            return _owned.TryGetValue(message.Partition.Value, out var owned) && message.Offset.Value < owned.ReplayUntil(message.Topic);
        }
    }

    /// <summary>A tweet: what to route (nothing for a re-sent tweet), including like counts that were waiting for it.</summary>
    public IReadOnlyList<ConferenceActivity> OnTweet(TweetReceived tweet, TopicPartitionOffset source)
    {
        lock (_gate)
        {
            if (!_owned.TryGetValue(source.Partition.Value, out var owned) || owned.Tweets.ContainsKey(tweet.TweetId))
            {
                return [];
            }
            owned.Tweets[tweet.TweetId] = (tweet.Conference, source.Offset.Value);
            var routed = new List<ConferenceActivity>();
            var tweetRoutedBefore = source.Offset.Value < owned.TweetsReplayUntil;
            if (!tweetRoutedBefore)
            {
                routed.AddRange(QueryRecords(queries?.RunningOnTweets, PartitionQueries.TweetKind, tweet.TweetId, tweet.CreatedAt, source,
                    tweet, likes: null));
                routed.Add(TweetActivity(tweet, ConferenceActivity.Overall, source));
                if (tweet.Conference is { } conference)
                {
                    routed.Add(TweetActivity(tweet, conference, source));
                }
            }
            if (owned.WaitingLikes.Remove(tweet.TweetId, out var waiting) && tweet.Conference is { } likedConference
                && !(tweetRoutedBefore && waiting.Source.Offset.Value < owned.LikesReplayUntil))
            {
                routed.Add(LikesActivity(waiting.Count, likedConference, waiting.Source));
            }
            return routed;
        }
    }

    /// <summary>A like count: routed to its tweet's conference, or kept until the tweet is known.</summary>
    public IReadOnlyList<ConferenceActivity> OnLikeCount(LikeCountChanged count, TopicPartitionOffset source)
    {
        lock (_gate)
        {
            if (!_owned.TryGetValue(source.Partition.Value, out var owned))
            {
                return [];
            }
            // Queries read like counts on their own (no join with the tweet): routed unless handled before.
            var routed = source.Offset.Value < owned.LikesReplayUntil
                ? []
                : QueryRecords(queries?.RunningOnLikeCounts, PartitionQueries.LikesKind, count.TweetId, count.ChangedAt, source, tweet: null, count);
            if (!owned.Tweets.TryGetValue(count.TweetId, out var tweet))
            {
                if (!owned.WaitingLikes.TryGetValue(count.TweetId, out var earlier) || earlier.Count.LikesOffset < count.LikesOffset)
                {
                    owned.WaitingLikes[count.TweetId] = (count, source);
                }
                return routed;
            }
            // Routed before when both it and its tweet were handled and committed.
            var routedBefore = source.Offset.Value < owned.LikesReplayUntil && tweet.Offset < owned.TweetsReplayUntil;
            return tweet.Conference is { } conference && !routedBefore ? [.. routed, LikesActivity(count, conference, source)] : routed;
        }
    }

    /// <summary>The key of a query record; its partition is given explicitly (<see cref="LiveQueryCatalog.PartitionOf"/>).</summary>
    public static string QueryKey(int partition) => "queries:" + partition.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Whether a routed record goes to the partition of the queries it names rather than to its key's.</summary>
    public static int? QueryPartition(ConferenceActivity activity) =>
        activity.Queries is [var first, ..] ? LiveQueryCatalog.PartitionOf(first) : null;

    private static List<ConferenceActivity> QueryRecords(IReadOnlyDictionary<int, IReadOnlyList<string>>? running, string kind, string tweetId,
        DateTimeOffset eventTime, TopicPartitionOffset source, TweetReceived? tweet, LikeCountChanged? likes) =>
        running is null or { Count: 0 } ? [] : [.. running.Select(partition => new ConferenceActivity
        {
            Kind = kind,
            Conference = QueryKey(partition.Key),
            TweetId = tweetId,
            EventTime = eventTime,
            Queries = partition.Value,
            Tweet = tweet,
            Likes = likes,
            SourceTopic = source.Topic,
            SourcePartition = source.Partition.Value,
            SourceOffset = source.Offset.Value,
        })];

    private static ConferenceActivity TweetActivity(TweetReceived tweet, string conference, TopicPartitionOffset source) => new()
    {
        Kind = "tweet",
        Conference = conference,
        TweetId = tweet.TweetId,
        EventTime = tweet.CreatedAt,
        Hashtags = tweet.Hashtags,
        SourceTopic = source.Topic,
        SourcePartition = source.Partition.Value,
        SourceOffset = source.Offset.Value,
    };

    private static ConferenceActivity LikesActivity(LikeCountChanged count, string conference, TopicPartitionOffset source) => new()
    {
        Kind = "likes",
        Conference = conference,
        TweetId = count.TweetId,
        EventTime = count.ChangedAt,
        LikeCount = count.Count,
        SourceTopic = source.Topic,
        SourcePartition = source.Partition.Value,
        // The likes offset orders a tweet's counts; the count topic's own offset does not.
        SourceOffset = count.LikesOffset,
    };

    private sealed class OwnedPartition(long tweetsReplayUntil, long likesReplayUntil)
    {
        public long TweetsReplayUntil { get; } = tweetsReplayUntil;
        public long LikesReplayUntil { get; } = likesReplayUntil;
        public Dictionary<string, (string? Conference, long Offset)> Tweets { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, (LikeCountChanged Count, TopicPartitionOffset Source)> WaitingLikes { get; } = new(StringComparer.Ordinal);

        public long ReplayUntil(string topic) => topic == Topics.Tweets ? TweetsReplayUntil : LikesReplayUntil;
    }
}
