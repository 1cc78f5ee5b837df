using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;
using TweetPlatform.Contracts;
using TweetPlatform.Contracts.Events;
using TweetPlatform.EmbeddedKafka;
using TweetPlatform.Hosting;

namespace TweetPlatform.Benchmark;

/// <summary>
/// Analytics throughput: pre-load tweets and like counts into a fresh embedded broker, start the
/// analytics service as its own process, and time it from its first commit until both stages (router
/// and per-conference processing) have committed everything. Several runs; median and spread.
/// </summary>
public sealed class AnalyticsThroughput(BenchmarkSettings settings)
{
    public async Task<string> RunAsync()
    {
        var tweets = settings.AnalyticsTweets;
        var likes = tweets / 10;
        var results = new List<(double EventsPerSecond, double Seconds, double ProduceRate)>();
        for (var run = 1; run <= settings.Runs; run++)
        {
            var result = await RunOnceAsync(tweets, likes);
            results.Add(result);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  run {run}: {result.EventsPerSecond:N0} events/s ({tweets + likes:N0} events in {result.Seconds:N2} s); input loaded at {result.ProduceRate:N0} msgs/s"));
        }
        var rates = results.Select(r => r.EventsPerSecond).ToList();
        return string.Create(CultureInfo.InvariantCulture, $"""
            ## Analytics throughput

            Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {MarkdownReport.Machine()},
            embedded broker (librdkafka mock cluster, in the benchmark process), analytics service as its own process
            (Release build, no trace exporter, offsets auto-committed every 100 ms so progress can be read), {tweets:N0} tweets over 8
            conferences with 2 hashtags each plus {likes:N0} like-count updates, pre-loaded before the service starts.

            Command: `{settings.Command}`

            | | events/s |
            |---|---|
            | median of {settings.Runs} runs (min–max) | {Stats.Runs(rates)} |

            Events/s = (tweets + like updates) / time from the service's first commit until the router
            (`analytics-router`) and the per-conference stage (`analytics`) have committed all input; each tweet
            is read once and written twice (conference and overall) to the repartition topic, then counted,
            ranked and alerted on, with state written to the changelog topic. The input producer reached
            {Stats.Spread(results.Select(r => r.ProduceRate)).Median:N0} msgs/s into the same broker (median), for scale.
            Limits: the mock broker keeps at most ~5 MiB per partition, and the overall view ("*") is one
            partition, so the event count here is kept modest.

            """);
    }

    private static async Task<(double EventsPerSecond, double Seconds, double ProduceRate)> RunOnceAsync(int tweetCount, int likeCount)
    {
        using var kafka = MockKafkaCluster.Start();
        var produceRate = Load(kafka.BootstrapServers, tweetCount, likeCount);

        var env = new Dictionary<string, string>
        {
            ["ConnectionStrings__kafka"] = kafka.BootstrapServers,
            ["Kafka__Topics__Provision"] = "false",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{RunningPlatform.FreePort()}",
            ["Logging__LogLevel__Default"] = "Warning",
            // As the AppHost sets it: no thread-pool spinning on a shared 2-core machine.
            ["DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"] = "0",
            ["Analytics__AlertThreshold"] = "1000000",
            // Progress is read from committed offsets: commit often, or the 5 s default becomes the resolution.
            ["Aspire__Confluent__Kafka__Consumer__Config__AutoCommitIntervalMs"] = "100",
        };
        await using var analytics = ChildProcess.StartDotnet("analytics", RepositoryLayout.ProjectDll("TweetPlatform.Analytics"), [], env, _ => { });
        using var probe = new ConsumerBuilder<string, byte[]>(new ConsumerConfig { BootstrapServers = kafka.BootstrapServers, GroupId = "benchmark-probe" }).Build();
        var tweetsEnd = GroupProgress.Ends(probe, Topics.Tweets);
        var likesEnd = GroupProgress.Ends(probe, Topics.LikeCounts);

        using var router = GroupProgress.Reader(kafka.BootstrapServers, "analytics-router");
        using var processor = GroupProgress.Reader(kafka.BootstrapServers, "analytics");
        var started = Stopwatch.GetTimestamp();
        long? firstCommit = null;
        double? routerDone = null;
        while (true)
        {
            if (analytics.HasExited)
            {
                throw new InvalidOperationException($"analytics exited: {analytics.RecentOutput}");
            }
            var routed = GroupProgress.Committed(router, [.. tweetsEnd.Keys, .. likesEnd.Keys]);
            if (firstCommit is null && routed.Values.Any(v => v > 0))
            {
                firstCommit = Stopwatch.GetTimestamp();
            }
            if (tweetsEnd.Concat(likesEnd).All(e => routed.GetValueOrDefault(e.Key) >= e.Value))
            {
                routerDone ??= Stopwatch.GetElapsedTime(firstCommit ?? started).TotalSeconds;
                if (GroupProgress.HasReached(processor, GroupProgress.Ends(probe, Topics.ConferenceActivity)))
                {
                    var seconds = Stopwatch.GetElapsedTime(firstCommit ?? started).TotalSeconds;
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  router finished after {routerDone:N2} s, per-conference stage after {seconds:N2} s"));
                    return ((tweetCount + likeCount) / seconds, seconds, produceRate);
                }
            }
            if (Stopwatch.GetElapsedTime(started) > TimeSpan.FromMinutes(10))
            {
                throw new TimeoutException("Analytics did not finish within 10 minutes.");
            }
            await Task.Delay(100);
        }
    }

    private static double Load(string bootstrap, int tweetCount, int likeCount)
    {
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig
        {
            BootstrapServers = bootstrap, Partitioner = Partitioner.Murmur2Random, LingerMs = 20, CompressionType = CompressionType.Lz4,
            EnableIdempotence = true, Acks = Acks.All,
        }).Build();
        var random = new Random(42);
        var start = DateTimeOffset.UtcNow.AddMinutes(-30);
        var conferences = new[] { "kafkasummit", "codeone", "javaone", "oow17", "devoxx", "qcon", "ndcporto", "oraclecodeone" };
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < tweetCount; i++)
        {
            var conference = conferences[random.Next(conferences.Length)];
            var tweet = new TweetReceived
            {
                TweetId = $"b{i}", Text = "benchmark", Author = "bench", Conference = conference,
                Hashtags = [conference, $"h{random.Next(50)}"], CreatedAt = start.AddMilliseconds(i * 20L), ReceivedAt = start, Source = "api",
            };
            producer.Produce(Topics.Tweets, new Message<string, byte[]> { Key = tweet.TweetId, Value = IntegrationEvents.TweetReceived.Serialize(tweet) });
        }
        for (var i = 0; i < likeCount; i++)
        {
            var tweetId = $"b{random.Next(tweetCount)}";
            var count = new LikeCountChanged { TweetId = tweetId, Count = random.Next(1, 100), LikesPartition = 0, LikesOffset = i, ChangedAt = start };
            producer.Produce(Topics.LikeCounts, new Message<string, byte[]> { Key = tweetId, Value = IntegrationEvents.LikeCountChanged.Serialize(count) });
        }
        producer.Flush(TimeSpan.FromMinutes(2));
        return (tweetCount + likeCount) / watch.Elapsed.TotalSeconds;
    }
}
