using Confluent.Kafka;
using TweetPlatform.Analytics;
using TweetPlatform.Analytics.Processing;
using TweetPlatform.Analytics.Queries.Catalog;
using TweetPlatform.Analytics.Queries.Running;
using TweetPlatform.Analytics.Routing;
using TweetPlatform.Contracts;
using TweetPlatform.Contracts.Events;
using TweetPlatform.EventBus;

namespace TweetPlatform.UnitTests.Analytics.Queries;

/// <summary>
/// Live queries inside analytics tasks: the router sends a tweet once to each partition running queries over tweets,
/// naming them; the task applies it once, even when routed again; a restored task continues exactly; a query over its
/// limit is stopped with the reason while the task goes on; a deleted query's last result says so, and its state leaves
/// the changelog (also when it was deleted while its task was away).
/// </summary>
public sealed class PartitionQueriesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 10, 0, 10, TimeSpan.Zero);
    private static readonly AnalyticsOptions Options = new() { EmitInterval = TimeSpan.Zero };

    private static LiveQueryChanged Query(string id, string sql, string status = LiveQueryStatus.Running) => new()
    {
        QueryId = id, Name = "n-" + id, Sql = sql, Status = status, CreatedAt = Now, ChangedAt = Now,
    };

    private static TweetReceived Tweet(string id, string conference, params string[] hashtags) => new()
    {
        TweetId = id, Text = "about " + string.Join(" ", hashtags), Author = "a-" + id, Hashtags = hashtags, Conference = conference,
        CreatedAt = Now, ReceivedAt = Now, Source = "api",
    };

    private static ConferenceActivity QueryTweet(TweetReceived tweet, long sourceOffset, params string[] queries) => new()
    {
        Kind = PartitionQueries.TweetKind, Conference = "queries:0", TweetId = tweet.TweetId, EventTime = tweet.CreatedAt, Queries = queries,
        Tweet = tweet, SourceTopic = Topics.Tweets, SourcePartition = 2, SourceOffset = sourceOffset,
    };

    /// <summary>A task; results go out with every record unless <paramref name="options"/> holds them back.</summary>
    private static (AnalyticsTask Task, TaskContext Context) NewTask(LiveQueryCatalog catalog, int partition = 0, AnalyticsOptions? options = null)
    {
        var context = new TaskContext(partition, TimeSpan.Zero, TimeProvider.System);
        return (new AnalyticsTask(partition, options ?? Options, lateEvents: null, context, catalog), context);
    }

    private static List<LiveQueryResultChanged> Results(TaskContext context) =>
        context.TakeForwarded().Where(f => f.Topic == Topics.LiveQueryResults)
            .Select(f => EventSerializer.Deserialize(f.Value, EventJsonContext.Default.LiveQueryResultChanged)).ToList();

    private static Dictionary<string, double> Counts(LiveQueryResultChanged result) =>
        result.Rows.ToDictionary(r => r[0].GetString()!, r => r[1].GetDouble());

    [Fact]
    public void The_router_sends_a_new_tweet_once_to_each_partition_with_queries_over_tweets_naming_them_and_not_again_on_replay()
    {
        var catalog = new LiveQueryCatalog();
        var ids = Enumerable.Range(0, 40).Select(i => $"q-{i:x12}").ToList();
        ids.ForEach(id => catalog.Apply(Query(id, "SELECT COUNT(*) FROM tweets")));
        catalog.Apply(Query("q-00000000ffff", "SELECT MAX(likes) FROM like_counts"));
        var state = new ConferenceRoutingState(catalog);
        state.Own(5, tweetsReplayUntil: 1, likesReplayUntil: 0);

        Assert.DoesNotContain(state.OnTweet(Tweet("t0", "c"), new TopicPartitionOffset(Topics.Tweets, 5, 0)), a => a.Queries is not null);
        var routed = state.OnTweet(Tweet("t1", "c"), new TopicPartitionOffset(Topics.Tweets, 5, 1)).Where(a => a.Queries is not null).ToList();

        Assert.Equal(ids.Order(StringComparer.Ordinal), routed.SelectMany(a => a.Queries!).Order(StringComparer.Ordinal));
        Assert.All(routed, a => Assert.All(a.Queries!, id => Assert.Equal(LiveQueryCatalog.PartitionOf(id), ConferenceRoutingState.QueryPartition(a))));
        Assert.Equal(routed.Count, routed.Select(ConferenceRoutingState.QueryPartition).Distinct().Count());
        Assert.All(routed, a => Assert.Equal("t1", a.Tweet!.TweetId));
        var likes = state.OnLikeCount(new LikeCountChanged { TweetId = "t9", Count = 3, LikesPartition = 5, LikesOffset = 1, ChangedAt = Now },
            new TopicPartitionOffset(Topics.LikeCounts, 5, 0));
        Assert.Equal(["q-00000000ffff"], Assert.Single(likes).Queries!);
    }

    [Fact]
    public void A_task_applies_a_query_record_once_and_a_task_restored_from_the_changelog_continues_exactly()
    {
        var catalog = new LiveQueryCatalog();
        catalog.Apply(Query("q-000000000001", "SELECT hashtag, COUNT(*) AS n FROM tweets GROUP BY hashtag"));
        var partition = LiveQueryCatalog.PartitionOf("q-000000000001");
        var (task, context) = NewTask(catalog, partition);
        task.Apply(QueryTweet(Tweet("t1", "c", "kafka", "dotnet"), 1, "q-000000000001"), 0, default);
        task.Apply(QueryTweet(Tweet("t1", "c", "kafka", "dotnet"), 1, "q-000000000001"), 1, default); // routed again
        task.Apply(QueryTweet(Tweet("t2", "c", "kafka"), 2, "q-000000000001"), 2, default);
        Assert.Equal(new Dictionary<string, double> { ["kafka"] = 2, ["dotnet"] = 1 }, Counts(Results(context).Last()));
        var changelog = task.TakeChanges();

        var (restored, restoredContext) = NewTask(catalog, partition);
        foreach (var (key, value) in changelog)
        {
            restored.Restore(key, value);
        }
        var current = restored.CurrentFindings().Where(f => f.Topic == Topics.LiveQueryResults)
            .Select(f => EventSerializer.Deserialize(f.Value, EventJsonContext.Default.LiveQueryResultChanged)).Single();
        Assert.Equal(new Dictionary<string, double> { ["kafka"] = 2, ["dotnet"] = 1 }, Counts(current));
        Assert.Empty(restored.Apply(QueryTweet(Tweet("t2", "c", "kafka"), 2, "q-000000000001"), 2, default)); // replayed input
        restored.Apply(QueryTweet(Tweet("t3", "c", "dotnet"), 3, "q-000000000001"), 3, default);
        Assert.Equal(new Dictionary<string, double> { ["kafka"] = 2, ["dotnet"] = 2 }, Counts(Results(restoredContext).Last()));
    }

    [Fact]
    public void The_routers_query_records_of_a_batch_merge_per_partition_and_source_and_a_batch_routed_again_in_part_is_applied_once()
    {
        var catalog = new LiveQueryCatalog();
        catalog.Apply(Query("q-000000000001", "SELECT hashtag, COUNT(*) AS n FROM tweets GROUP BY hashtag"));
        var state = new ConferenceRoutingState(catalog);
        state.Own(2, tweetsReplayUntil: 0, likesReplayUntil: 0);
        state.Own(3, tweetsReplayUntil: 0, likesReplayUntil: 0);
        var routed = new List<(ConferenceActivity, System.Diagnostics.ActivityContext)>();
        for (var i = 0; i < 5; i++)
        {
            routed.AddRange(state.OnTweet(Tweet($"t{i}", "c", "kafka"), new TopicPartitionOffset(Topics.Tweets, 2 + i % 2, i))
                .Select(a => (a, default(System.Diagnostics.ActivityContext))));
        }

        var merged = QueryRecordBatches.Merge(routed);

        Assert.Equal(routed.Count(r => r.Item1.Queries is null), merged.Count(r => r.Activity.Queries is null));
        var batches = merged.Where(r => r.Activity.Queries is not null).Select(r => r.Activity).OrderBy(a => a.SourcePartition).ToList();
        Assert.Equal([2, 3], batches.Select(b => b.SourcePartition));
        Assert.Equal([0L, 2, 4], batches[0].Inputs!.Select(i => i.SourceOffset));
        Assert.Equal(4, batches[0].SourceOffset);
        Assert.Equal(["t0", "t2", "t4"], batches[0].Inputs!.Select(i => i.Tweet!.TweetId));
        Assert.Equal([1L, 3], batches[1].Inputs!.Select(i => i.SourceOffset));

        var (task, context) = NewTask(catalog, LiveQueryCatalog.PartitionOf("q-000000000001"));
        var first = batches[0] with { Inputs = batches[0].Inputs!.Take(2).ToList(), SourceOffset = 2 };
        task.Apply(first, 0, default);
        task.Apply(batches[0], 1, default); // after a restart of the router: t0 and t2 again, t4 new
        task.Apply(batches[1], 2, default);
        task.Apply(batches[1], 3, default); // whole again
        Assert.Equal(new Dictionary<string, double> { ["kafka"] = 5 }, Counts(Results(context).Last()));
    }

    [Fact]
    public void A_query_over_its_group_limit_is_stopped_with_the_reason_and_the_other_queries_go_on()
    {
        var catalog = new LiveQueryCatalog();
        catalog.Apply(Query("q-0000000000aa", "SELECT tweet_id, COUNT(*) FROM tweets GROUP BY tweet_id"));
        catalog.Apply(Query("q-0000000000bb", "SELECT COUNT(*) AS n FROM tweets"));
        // Results held back (no punctuation here) until Emit: 10,000 groups computed at every record would be the test's whole cost.
        var (task, context) = NewTask(catalog, options: new AnalyticsOptions
        {
            EmitInterval = TimeSpan.FromHours(1),
            QueryCostBudget = TimeSpan.FromHours(1), // this test is about the group limit, not a loaded machine's timing
        });
        var forwarded = new List<Finding>();
        for (var i = 0; i <= LiveQuery.MaxGroups; i++)
        {
            task.Apply(QueryTweet(Tweet($"t{i}", "c"), i, "q-0000000000aa", "q-0000000000bb"), i, default);
        }
        task.Queries.Emit();
        forwarded.AddRange(context.TakeForwarded());

        var stopped = forwarded.Where(f => f.Topic == Topics.LiveQueries).Select(f => EventSerializer.Deserialize(f.Value, EventJsonContext.Default.LiveQueryChanged)).Single();
        Assert.Equal(("q-0000000000aa", LiveQueryStatus.Stopped), (stopped.QueryId, stopped.Status));
        Assert.Contains("groups", stopped.Reason);
        var results = forwarded.Where(f => f.Topic == Topics.LiveQueryResults).Select(f => EventSerializer.Deserialize(f.Value, EventJsonContext.Default.LiveQueryResultChanged)).ToList();
        Assert.Equal(LiveQueryStatus.Stopped, results.Last(r => r.QueryId == "q-0000000000aa").Status);
        Assert.Equal(LiveQuery.MaxGroups + 1, results.Last(r => r.QueryId == "q-0000000000bb").Rows.Single()[0].GetDouble());
        Assert.DoesNotContain("q-0000000000aa", task.Queries.RunningIds);
    }

    [Fact]
    public void A_deleted_query_stops_its_last_result_says_deleted_and_its_state_leaves_the_changelog()
    {
        var catalog = new LiveQueryCatalog();
        var query = Query("q-0000000000cc", "SELECT hashtag, COUNT(*) AS n FROM tweets GROUP BY hashtag");
        catalog.Apply(query);
        var (task, context) = NewTask(catalog);
        task.Apply(QueryTweet(Tweet("t1", "c", "kafka"), 1, query.QueryId), 0, default);
        Results(context);
        var written = task.TakeChanges().Where(c => c.Key.StartsWith("query.q-0000000000cc.", StringComparison.Ordinal)).Select(c => c.Key).ToList();
        Assert.NotEmpty(written);

        catalog.Apply(query with { Status = LiveQueryStatus.Deleted });
        task.Queries.Emit();

        Assert.Equal(LiveQueryStatus.Deleted, Assert.Single(Results(context)).Status);
        Assert.Empty(task.Queries.RunningIds);
        Assert.Empty(catalog.RunningOnTweets);
        var tombstones = task.TakeChanges().Where(c => c.Key.StartsWith("query.", StringComparison.Ordinal)).ToList();
        Assert.Equal(written.Order(StringComparer.Ordinal), tombstones.Select(t => t.Key).Order(StringComparer.Ordinal));
        Assert.All(tombstones, t => Assert.Null(t.Value));
    }

    [Fact]
    public void State_restored_for_a_query_deleted_while_the_task_was_away_is_tombstoned_and_a_running_ones_is_kept()
    {
        var catalog = new LiveQueryCatalog();
        var deleted = Query("q-0000000000c1", "SELECT COUNT(*) AS n FROM tweets");
        var running = Query("q-0000000000c2", "SELECT COUNT(*) AS n FROM tweets");
        catalog.Apply(deleted);
        catalog.Apply(running);
        var partition = LiveQueryCatalog.PartitionOf(running.QueryId);
        var (task, _) = NewTask(catalog, partition);
        task.Apply(QueryTweet(Tweet("t1", "c"), 1, deleted.QueryId, running.QueryId), 0, default);
        var changelog = task.TakeChanges();
        catalog.Apply(deleted with { Status = LiveQueryStatus.Deleted });

        var (restored, _) = NewTask(catalog, partition);
        foreach (var (key, value) in changelog)
        {
            restored.Restore(key, value);
        }
        var current = restored.CurrentFindings().Where(f => f.Topic == Topics.LiveQueryResults)
            .Select(f => EventSerializer.Deserialize(f.Value, EventJsonContext.Default.LiveQueryResultChanged)).ToList();

        Assert.Equal(1, Assert.Single(current, r => r.QueryId == running.QueryId).Rows.Single()[0].GetDouble());
        Assert.DoesNotContain(current, r => r.QueryId == deleted.QueryId);
        var tombstones = restored.TakeChanges().Where(c => c.Key.StartsWith("query.", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(tombstones);
        Assert.All(tombstones, t => Assert.StartsWith("query.q-0000000000c1.", t.Key));
        Assert.All(tombstones, t => Assert.Null(t.Value));
    }

    [Fact]
    public void A_query_over_its_cost_budget_is_stopped_after_a_sample_of_records_with_its_cost_in_the_reason()
    {
        var catalog = new LiveQueryCatalog();
        catalog.Apply(Query("q-0000000000dd", "SELECT COUNT(*) AS n FROM tweets"));
        var (task, context) = NewTask(catalog, options: new AnalyticsOptions { EmitInterval = TimeSpan.FromHours(1), QueryCostBudget = TimeSpan.FromTicks(1) });

        for (var i = 0; i < 999; i++)
        {
            task.Apply(QueryTweet(Tweet($"t{i}", "c"), i, "q-0000000000dd"), i, default);
        }
        Assert.Contains("q-0000000000dd", task.Queries.RunningIds); // the average is taken over 1,000 records
        task.Apply(QueryTweet(Tweet("t999", "c"), 999, "q-0000000000dd"), 999, default);

        var stopped = context.TakeForwarded().Where(f => f.Topic == Topics.LiveQueries)
            .Select(f => EventSerializer.Deserialize(f.Value, EventJsonContext.Default.LiveQueryChanged)).Single();
        Assert.Equal(LiveQueryStatus.Stopped, stopped.Status);
        Assert.Contains("µs per record", stopped.Reason);
        Assert.Empty(task.Queries.RunningIds);
    }
}
