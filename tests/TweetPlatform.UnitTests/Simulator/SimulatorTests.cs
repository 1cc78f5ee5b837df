using System.Text.Json;
using TweetPlatform.Ingest.Model;
using TweetPlatform.Simulator;
using TweetPlatform.UnitTests.Ingest;

namespace TweetPlatform.UnitTests.Simulator;

/// <summary>The simulator's tweets are what ingest accepts from IFTTT, and its flags are read strictly.</summary>
public sealed class SimulatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 14, 7, 31, TimeSpan.Zero);

    [Fact]
    public void Every_simulated_webhook_is_a_valid_ifttt_tweet_of_its_conference_with_a_status_id()
    {
        var chatter = new ConferenceChatter(["javaone", "devoxx"], new Random(7));
        var options = TestMappers.Options();
        options.TrackedTags = ["javaone", "devoxx"];
        options.MaxTextLength = 280;
        var mapper = TestMappers.Create(options);
        var json = new JsonSerializerOptions { PropertyNameCaseInsensitive = true };

        var tweets = Enumerable.Range(0, 500).Select(i => chatter.NextWebhook(Now, i % 10 == 0 ? "devoxx" : null))
            .Select(body => mapper.FromIfttt(JsonSerializer.Deserialize<IftttTweetPayload>(body.ToJsonString(), json)!, Now))
            .ToList();

        Assert.All(tweets, t => Assert.True(t.IsValid, string.Join("; ", t.Errors.SelectMany(e => e.Value))));
        Assert.All(tweets, t => Assert.Contains(t.Tweet!.Conference, new[] { "javaone", "devoxx" }));
        Assert.All(tweets, t => Assert.Equal(new DateTimeOffset(2026, 11, 24, 14, 7, 0, TimeSpan.Zero), t.Tweet!.CreatedAt));
        Assert.All(tweets, t => Assert.Matches(@"^\d{19}$", t.Tweet!.TweetId));
        Assert.Equal(500, tweets.Select(t => t.Tweet!.TweetId).Distinct().Count());
        Assert.All(tweets.Where((_, i) => i % 10 == 0), t => Assert.Equal("devoxx", t.Tweet!.Conference)); // asked for
        Assert.Contains(tweets, t => t.Tweet!.Conference == "javaone");
        // Topics are skewed, so one hashtag clearly trends.
        var topics = tweets.SelectMany(t => t.Tweet!.Hashtags).Where(h => h is not "javaone" and not "devoxx")
            .GroupBy(h => h).Select(g => g.Count()).OrderDescending().ToList();
        Assert.True(topics[0] > 2 * topics[^1], $"topic counts {string.Join(",", topics)}");
    }

    [Fact]
    public void Flags_are_read_and_anything_unknown_or_out_of_range_is_refused_with_the_usage()
    {
        var options = SimulatorOptions.Parse(["--url", "http://127.0.0.1:9000", "--secret", "s3cret", "--rate", "12.5", "--burst-every", "0",
            "--viewers", "3", "--conferences", "javaone, qcon", "--seed", "42"], out var error);

        Assert.Null(error);
        Assert.Equal(new Uri("http://127.0.0.1:9000"), options!.GatewayUrl);
        Assert.Equal(12.5, options.TweetsPerSecond);
        Assert.Equal(TimeSpan.Zero, options.BurstEvery);
        Assert.Equal(["javaone", "qcon"], options.Conferences);
        Assert.Equal(42, options.Seed);

        Assert.Null(SimulatorOptions.Parse(["--secret", "s", "--rate", "-1"], out error));
        Assert.Contains("--rate", error);
        Assert.Null(SimulatorOptions.Parse(["--secret", "s", "--bogus", "1"], out error));
        Assert.Contains("Usage", error);
        Assert.Null(SimulatorOptions.Parse(["--rate", "1"], out error));
        Assert.Contains("--secret", error);
    }
}
