using System.Diagnostics;
using System.Globalization;
using TweetPlatform.Analytics.Operators;
using TweetPlatform.Analytics.Processing;
using TweetPlatform.Analytics.Queries.Planning;
using TweetPlatform.Analytics.Queries.Running;
using TweetPlatform.Contracts.Events;

namespace TweetPlatform.Benchmark;

/// <summary>
/// The live-query engine's cost per tweet with 1, 10 and 50 queries running (issue 16): in-process, the queries of
/// the README's examples and variants of them, each with its own changelog-backed stores, fed the same generated tweets
/// (8 conferences, 2 hashtags each, event time moving on), with the stores' changes taken every 500 tweets as the
/// changelog writer would. What it leaves out: Kafka (reading, the changelog and results topics).
/// </summary>
public sealed class QueryCost(BenchmarkSettings settings)
{
    /// <summary>The README's examples and variants of them (also the live-query latency's load).</summary>
    public static readonly IReadOnlyList<string> Queries =
    [
        "SELECT hashtag, COUNT(*) FROM tweets WHERE hashtag = 'kafka' WINDOW TUMBLING (SIZE 1 MINUTE) GROUP BY hashtag HAVING COUNT(*) > 20",
        "SELECT conference, TOPK(hashtag, 5) AS trending FROM tweets WINDOW HOPPING (SIZE 10 MINUTES, ADVANCE BY 1 MINUTE) GROUP BY conference",
        "SELECT COUNT(*) AS tweets, WINDOWSTART FROM tweets WHERE CONTAINS(text, 'keynote') WINDOW TUMBLING (SIZE 1 MINUTE)",
        "SELECT author, COUNT(*) FROM tweets WINDOW HOPPING (SIZE 10 MINUTES, ADVANCE BY 1 MINUTE) GROUP BY author HAVING COUNT(*) > 5",
        "SELECT conference, COUNT(*), COUNT_DISTINCT(author) FROM tweets WHERE NOT retweet GROUP BY conference",
    ];

    private static readonly string[] Conferences = ["javaone", "qcon", "devoxx", "kubecon", "ndcporto", "codeone", "jfokus", "dotnetconf"];

    public string Run()
    {
        var tweets = Tweets(settings.QueryCostTweets);
        var rows = new List<string>();
        double? single = null;
        foreach (var count in new[] { 1, 10, 50 })
        {
            var perTweet = Enumerable.Range(0, settings.Runs).Select(_ => MicrosecondsPerTweet(count, tweets)).ToList();
            var (median, min, max) = Stats.Spread(perTweet);
            single ??= median;
            rows.Add(string.Create(CultureInfo.InvariantCulture,
                $"| {count} | {median:N2} ({min:N2}–{max:N2}) | {median / count:N2} | {1_000_000 / median:N0} | {median / single.Value:N1}× |"));
            Console.WriteLine("  " + rows[^1]);
        }
        return $"""
            ## Live queries: the engine's cost per tweet

            Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {MarkdownReport.Machine()}; in-process, one thread. {settings.QueryCostTweets:N0} generated
            tweets (8 conferences, 100 authors, 2 hashtags each, 20 a second of event time) through N live queries, the README's examples and
            variants ({Queries.Count} different ones, repeated), each with its own changelog-backed stores, whose changes are taken every
            500 tweets as the changelog writer would, and its result emitted every 250 (as a rate-limited emission at 4 a second at
            1,000 tweets/s: the changes taken, the whole result built and serialized); a tweet's rows are made once for all queries. Kafka is left out. {settings.Runs} runs;
            median (min–max). One query is the first example alone (a filtered count, the cheapest); 10 and 50 cycle through all
            of them, the hopping windows with TOPK and per-author groups among them, so the cost per query grows with the mix.

            Command: `{settings.Command}`

            | queries | µs per tweet | µs per tweet and query | tweets/s on one core | ÷ 1 query |
            |---|---|---|---|---|
            {string.Join("\n", rows)}

            """;
    }

    private static double MicrosecondsPerTweet(int count, IReadOnlyList<TweetReceived> tweets)
    {
        var now = DateTimeOffset.UtcNow;
        var queries = Enumerable.Range(0, count).Select(i =>
        {
            var stores = new StateStores();
            var definition = new LiveQueryChanged
            {
                QueryId = $"q-{i:x12}", Name = $"q{i}", Sql = Queries[i % Queries.Count], Status = LiveQueryStatus.Running, CreatedAt = now, ChangedAt = now,
            };
            return (Query: new LiveQuery($"q{i}", Planner.Plan(definition.Sql), TimeSpan.FromSeconds(30), stores), Stores: stores, Definition: definition);
        }).ToList();
        var started = Stopwatch.GetTimestamp();
        for (var t = 0; t < tweets.Count; t++)
        {
            // A tweet's rows are made once for all queries (one set per hashtag or not), as a runner of many queries would.
            var rows = QueryRow.FromTweet(tweets[t], perHashtag: false).ToList();
            var hashtagRows = QueryRow.FromTweet(tweets[t], perHashtag: true).ToList();
            foreach (var (query, stores, definition) in queries)
            {
                foreach (var row in query.Plan.PerHashtag ? hashtagRows : rows)
                {
                    query.Apply(row);
                }
                if (t % 250 == 249)
                {
                    // An emission, as the task makes it: the changes taken, the whole result built and serialized.
                    query.TakeChanges();
                    FindingFactory.QueryResult(QueryResults.Of(definition, query, LiveQueryStatus.Running, null, now), default);
                }
                if (t % 500 == 499)
                {
                    stores.TakeChanges();
                }
            }
        }
        return Stopwatch.GetElapsedTime(started).TotalMicroseconds / tweets.Count;
    }

    private static List<TweetReceived> Tweets(int count)
    {
        var random = new Random(16);
        var start = new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);
        string[] hashtags = ["kafka", "java", "dotnet", "streaming", "keynote", "ai", "cloud", "k8s"];
        return [.. Enumerable.Range(0, count).Select(i =>
        {
            var at = start + TimeSpan.FromMilliseconds(i * 50 - random.Next(0, 5_000));
            return new TweetReceived
            {
                TweetId = $"t{i}",
                Text = random.Next(5) == 0 ? "At the keynote now" : "Great talk on streams",
                Author = $"author{random.Next(100)}",
                Conference = Conferences[random.Next(Conferences.Length)],
                Hashtags = [hashtags[random.Next(hashtags.Length)], hashtags[random.Next(hashtags.Length)]],
                IsRetweet = random.Next(4) == 0,
                CreatedAt = at,
                ReceivedAt = at,
                Source = "benchmark",
            };
        })];
    }
}
