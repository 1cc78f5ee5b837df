using TweetPlatform.Contracts;
using TweetPlatform.Contracts.Events;

namespace TweetPlatform.MicroBenchmarks;

/// <summary>Realistic events shared by the benchmarks.</summary>
internal static class SampleEvents
{
    public static readonly DateTimeOffset CreatedAt = new(2017, 4, 17, 13, 39, 0, TimeSpan.Zero);

    /// <summary>A tweet as ingest maps it from our API (no link): about 320 bytes of JSON.</summary>
    public static TweetReceived Tweet { get; } = new()
    {
        TweetId = "853987654321987654",
        Text = "Great keynote #javaone #kafka",
        Author = "duke",
        AuthorImageUrl = "https://example.org/a.png",
        Hashtags = ["javaone", "kafka"],
        Conference = "javaone",
        CreatedAt = CreatedAt,
        ReceivedAt = CreatedAt.AddSeconds(42),
        Source = "api",
    };

    public static byte[] TweetJson { get; } = IntegrationEvents.TweetReceived.Serialize(Tweet);

    public static LikeCountChanged LikeCount { get; } = new()
    {
        TweetId = "853987654321987654",
        Count = 17,
        LikesPartition = 5,
        LikesOffset = 1_234_567,
        ChangedAt = CreatedAt.AddMinutes(3),
    };

    public static ConferenceActivity Activity { get; } = new()
    {
        Kind = "tweet",
        Conference = "javaone",
        TweetId = "853987654321987654",
        EventTime = CreatedAt,
        Hashtags = ["javaone", "kafka"],
        SourceTopic = Topics.Tweets,
        SourcePartition = 5,
        SourceOffset = 1_234_567,
    };
}
