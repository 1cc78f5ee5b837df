using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using TweetPlatform.AppHost.Settings;
using TweetPlatform.Contracts;
using TweetPlatform.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace TweetPlatform.IntegrationTests.Crash;

/// <summary>
/// SIGTERM, as a container orchestrator stops a service, loses nothing: ingest finishes or refuses (503) what
/// is in flight, and the consumers commit what they handled before they exit (push-gateway's spread
/// <c>retry:</c> on shutdown: <c>PushGateway/StreamLimitsTests</c>). Each service is started again after.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class GracefulShutdownTests(PlatformFixture platform, ITestOutputHelper output)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Ingest_stopped_under_load_stores_every_tweet_it_accepted_and_refuses_the_rest_with_503()
    {
        var replica = platform.System.Replicas(ResourceNames.Ingest)[0];
        var url = new Uri(platform.System.ReplicaUrl(replica), "/api/tweets");
        var accepted = new ConcurrentBag<string>();
        var refused = 0;
        var unanswered = 0;
        using var stop = new CancellationTokenSource();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var senders = Enumerable.Range(0, 8).Select(sender => Task.Run(async () =>
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var id = $"sigterm-{TweetRequests.UniqueId()}";
                using var request = TweetRequests.Tweet(url, platform.WebhookSecret, new { id, text = $"In flight {sender}-{n} #kafkasummit", author = "s" });
                request.RequestUri = url;
                try
                {
                    using var response = await http.SendAsync(request);
                    if (response.StatusCode == HttpStatusCode.Accepted)
                    {
                        accepted.Add(id);
                    }
                    else
                    {
                        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable,
                            $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                        Interlocked.Increment(ref refused);
                    }
                }
                catch (HttpRequestException)
                {
                    // No answer: the connection was refused or closed (the listener is gone); not accepted.
                    Interlocked.Increment(ref unanswered);
                    await Task.Delay(20);
                }
            }
        })).ToList();

        await Eventually.TrueAsync(() => accepted.Count >= 200, "200 tweets accepted", Wait, TimeSpan.FromMilliseconds(20));
        var exitCode = await platform.System.TerminateAsync(ResourceNames.Ingest);
        var acceptedAtExit = accepted.Count;
        await stop.CancelAsync();
        await Task.WhenAll(senders);
        try
        {
            Assert.Equal(0, exitCode);
            var stored = KafkaTopicReader.ReadAll(platform.System.KafkaBootstrapServers, Topics.Tweets).Select(m => m.Message.Key).ToHashSet();
            var lost = accepted.Where(id => !stored.Contains(id)).ToList();
            Assert.True(lost.Count == 0, $"{lost.Count} of {accepted.Count} accepted tweets are not in {Topics.Tweets}: {string.Join(", ", lost.Take(5))}");
            output.WriteLine($"SIGTERM to ingest under 8 senders: exit code {exitCode}; {acceptedAtExit} accepted (all stored), {refused} refused with 503, {unanswered} not answered (connection refused or closed before a request)");
        }
        finally
        {
            await platform.System.StartReplicaAsync(ResourceNames.Ingest);
        }
    }

    [Fact]
    public async Task Like_tracking_stopped_commits_every_like_it_counted_and_counts_none_again_after()
    {
        using var http = new HttpClient();
        var tweets = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await http.SendAsync(TweetRequests.Tweet(platform.Gateway, platform.WebhookSecret,
                new { id = "term-like-" + TweetRequests.UniqueId(), text = $"Stop me {i} #codeone", author = "s" }));
            tweets.Add(await TweetRequests.AcceptedIdAsync(response));
        }
        var workload = new LikeWorkload(tweets, viewers: 30, seed: 5);
        await workload.RunAsync(platform.Gateway, concurrency: 16, Wait);
        await Eventually.HoldsAsync(() => WrongCountsAsync(http, workload.ExpectedCounts), Wait, TimeSpan.FromMilliseconds(100));

        await TerminateEveryReplicaAsync(ResourceNames.LikeTracking, (ConsumerGroups.LikeTracking, Topics.Likes));
        try
        {
            // Nothing waited for after the exit: what was handled is committed already.
            AssertCommitted(ConsumerGroups.LikeTracking, Topics.Likes, ResourceNames.LikeTracking);
        }
        finally
        {
            foreach (var replica in Enumerable.Range(0, platform.System.Replicas(ResourceNames.LikeTracking).Count))
            {
                await platform.System.StartReplicaAsync(ResourceNames.LikeTracking, replica);
            }
        }
        Assert.Null(await WrongCountsAsync(http, workload.ExpectedCounts));
    }

    [Fact]
    public async Task Analytics_stopped_commits_what_it_routed_and_processed_and_its_totals_go_on_exactly()
    {
        using var http = new HttpClient();
        var kafka = platform.System.KafkaBootstrapServers;
        await KafkaTopicReader.WaitForGroupToCatchUpAsync(kafka, ConsumerGroups.AnalyticsRouter, Topics.Tweets, Wait);
        await KafkaTopicReader.WaitForGroupToCatchUpAsync(kafka, ConsumerGroups.Analytics, Topics.ConferenceActivity, Wait);
        var before = await WaitForTotalAsync("oow17", _ => true);
        for (var i = 0; i < 20; i++)
        {
            using var response = await http.SendAsync(TweetRequests.Tweet(platform.Gateway, platform.WebhookSecret,
                new { id = "term-an-" + TweetRequests.UniqueId(), text = $"Counted once {i} #oow17", author = "s" }));
            await TweetRequests.AcceptedIdAsync(response);
        }
        var total = await WaitForTotalAsync("oow17", t => t >= before + 20);
        Assert.Equal(before + 20, total);

        await TerminateEveryReplicaAsync(ResourceNames.Analytics,
            (ConsumerGroups.AnalyticsRouter, Topics.Tweets), (ConsumerGroups.Analytics, Topics.ConferenceActivity));
        try
        {
            AssertCommitted(ConsumerGroups.AnalyticsRouter, Topics.Tweets, ResourceNames.Analytics);
            AssertCommitted(ConsumerGroups.Analytics, Topics.ConferenceActivity, ResourceNames.Analytics);
        }
        finally
        {
            foreach (var replica in Enumerable.Range(0, platform.System.Replicas(ResourceNames.Analytics).Count))
            {
                await platform.System.StartReplicaAsync(ResourceNames.Analytics, replica);
            }
        }
        using (var response = await http.SendAsync(TweetRequests.Tweet(platform.Gateway, platform.WebhookSecret,
            new { id = "term-an-" + TweetRequests.UniqueId(), text = "One more #oow17", author = "s" })))
        {
            await TweetRequests.AcceptedIdAsync(response);
        }
        Assert.Equal(total + 1, await WaitForTotalAsync("oow17", t => t > total));
    }

    /// <summary>
    /// One replica after the other, as a rolling stop: the next goes once the group has settled. A commit made
    /// while the group rebalances is refused (the embedded broker refuses it; the new owner does that work again),
    /// so stopping the survivor mid-rebalance would test the rebalance, not the shutdown.
    /// </summary>
    private async Task TerminateEveryReplicaAsync(string resource, params (string Group, string Topic)[] groups)
    {
        var replicas = platform.System.Replicas(resource).Count;
        for (var replica = 0; replica < replicas; replica++)
        {
            Assert.Equal(0, await platform.System.TerminateAsync(resource, replica));
            if (replica < replicas - 1)
            {
                foreach (var (group, topic) in groups)
                {
                    await KafkaTopicReader.WaitForGroupToCatchUpAsync(platform.System.KafkaBootstrapServers, group, topic, Wait);
                }
            }
        }
    }

    private void AssertCommitted(string group, string topic, string resource)
    {
        var uncommitted = KafkaTopicReader.Uncommitted(platform.System.KafkaBootstrapServers, group, topic);
        Assert.True(uncommitted == "", $"After SIGTERM, {group} has not committed all of {topic}: {uncommitted}. Its log:{Environment.NewLine}"
            + string.Join(Environment.NewLine, platform.RecentLog.Split(Environment.NewLine).Where(l => l.Contains(resource, StringComparison.Ordinal)).TakeLast(30)));
    }

    private async Task<string?> WrongCountsAsync(HttpClient http, IReadOnlyDictionary<string, int> expected)
    {
        foreach (var (tweet, count) in expected)
        {
            using var request = TweetRequests.Likes(HttpMethod.Get, platform.Gateway, tweet, "viewer-check-term");
            using var response = await http.SendAsync(request);
            var answer = response.IsSuccessStatusCode ? (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("count").GetInt32() : -1;
            if (answer != count)
            {
                return $"{tweet}: {answer} likes, not {count}";
            }
        }
        return null;
    }

    private Task<long> WaitForTotalAsync(string conference, Func<long, bool> condition) =>
        AnalyticsTotals.WaitForAsync(platform.System.KafkaBootstrapServers, conference, condition, Wait);
}
