using Confluent.Kafka;
using TweetPlatform.Contracts;
using TweetPlatform.Contracts.Events;

namespace TweetPlatform.IntegrationTests.Infrastructure;

/// <summary>Produces analytics' inputs straight to Kafka the way ingest and like-tracking do (keyed by tweet id, Kafka's partitioner).</summary>
public sealed class AnalyticsInput(string bootstrapServers) : IDisposable
{
    private readonly IProducer<string, byte[]> _producer = new ProducerBuilder<string, byte[]>(new ProducerConfig
    {
        BootstrapServers = bootstrapServers,
        Partitioner = Partitioner.Murmur2Random,
        EnableIdempotence = true,
        Acks = Acks.All,
        LingerMs = 5,
    }).Build();

    public static TweetReceived Tweet(string id, string conference, DateTimeOffset createdAt, params string[] hashtags) => new()
    {
        TweetId = id, Text = "t " + string.Join(" ", hashtags.Select(h => "#" + h)), Author = "a", Hashtags = hashtags,
        Conference = conference, CreatedAt = createdAt, ReceivedAt = createdAt, Source = "api",
    };

    public static LikeCountChanged Likes(string tweetId, int count, long likesOffset) => new()
    {
        TweetId = tweetId, Count = count, LikesPartition = 0, LikesOffset = likesOffset, ChangedAt = DateTimeOffset.UtcNow,
    };

    public Task SendAsync(TweetReceived tweet) =>
        _producer.ProduceAsync(Topics.Tweets, new Message<string, byte[]>
        {
            Key = tweet.TweetId, Value = IntegrationEvents.TweetReceived.Serialize(tweet),
        });

    public Task SendAsync(LikeCountChanged count) =>
        _producer.ProduceAsync(Topics.LikeCounts, new Message<string, byte[]>
        {
            Key = count.TweetId, Value = IntegrationEvents.LikeCountChanged.Serialize(count),
        });

    public void Dispose() => _producer.Dispose();
}
