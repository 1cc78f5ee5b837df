using System.Globalization;
using TweetPlatform.Analytics.Operators;
using TweetPlatform.Analytics.Queries.Planning;
using TweetPlatform.Analytics.Queries.Running;
using TweetPlatform.Contracts.Events;

namespace TweetPlatform.UnitTests.Analytics.Queries;

/// <summary>
/// Randomized: events out of order (some within grace, some beyond it), each query's result table from
/// <see cref="LiveQuery"/> equals a brute-force computation written apart from it (plain LINQ over the accepted rows,
/// lateness decided by the same rule: a row is late for a window once the largest event time seen, minus grace, has
/// reached the window's end); the result changes taken now and then, applied in order, give the same table; and a query
/// rebuilt from its changelog midway (a restart) ends with exactly the same table.
/// </summary>
public sealed class LiveQueryBruteForceTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(20);
    private static readonly DateTimeOffset Start = new(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);
    private static readonly string[] Authors = ["ann", "Ann", "bob", "cy", "dee"];
    private static readonly string?[] Conferences = ["javaone", "qcon", null];
    private static readonly string?[] Languages = ["en", "fr", "de", null];
    private static readonly string[] Hashtags = ["kafka", "java", "Kafka", "dotnet"];

    /// <summary>A query and its oracle: which rows count, their group, the window size and advance, the columns, HAVING.</summary>
    private sealed record Case(
        string Sql,
        Func<QueryRow, bool> Where,
        Func<QueryRow, string> Group,
        TimeSpan? Size,
        TimeSpan? Advance,
        Func<IReadOnlyList<QueryRow>, TimeWindow?, IReadOnlyList<object?>> Columns,
        Func<IReadOnlyList<QueryRow>, bool> Having);

    private static string? S(QueryRow row, string column) => (string?)row[column];

    private static readonly Case[] Cases =
    [
        new("SELECT author, COUNT(*) AS n, WINDOWSTART FROM tweets WINDOW TUMBLING (SIZE 1 MINUTE) GROUP BY author",
            _ => true, r => S(r, "author")!.ToLowerInvariant(), TimeSpan.FromMinutes(1), null,
            (rows, w) => [rows[0]["author"], (double)rows.Count, w!.Value.Start], _ => true),
        new("SELECT hashtag, COUNT(*), COUNT_DISTINCT(author) FROM tweets WHERE NOT retweet WINDOW HOPPING (SIZE 2 MINUTES, ADVANCE BY 30 SECONDS) GROUP BY hashtag HAVING COUNT(*) > 2",
            r => !(bool)r["retweet"]!, r => S(r, "hashtag")!, TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(30),
            (rows, _) => [rows[0]["hashtag"], (double)rows.Count, (double)rows.Select(r => S(r, "author")!.ToLowerInvariant()).Distinct().Count()],
            rows => rows.Count > 2),
        new("SELECT conference, COUNT(*), MIN(created_at), MAX(author) FROM tweets WHERE language IN ('en', 'FR') GROUP BY conference",
            r => S(r, "language") is "en" or "fr", r => S(r, "conference") ?? "<null>", null, null,
            (rows, _) => [rows[0]["conference"], (double)rows.Count, rows.Min(r => (DateTimeOffset)r["created_at"]!),
                rows.Select(r => S(r, "author")!).Aggregate((a, b) => string.Compare(b, a, StringComparison.OrdinalIgnoreCase) > 0 ? b : a)],
            _ => true),
        new("SELECT COUNT(*) AS n, WINDOWEND FROM tweets WHERE CONTAINS(text, 'KEYNOTE') OR author LIKE 'b%' WINDOW TUMBLING (SIZE 30 SECONDS)",
            r => S(r, "text")!.Contains("keynote", StringComparison.OrdinalIgnoreCase) || S(r, "author")!.StartsWith('b'), _ => "",
            TimeSpan.FromSeconds(30), null, (rows, w) => [(double)rows.Count, w!.Value.End], _ => true),
        new("SELECT TOPK(hashtag, 2) AS top, COUNT(*) FROM tweets WHERE conference IS NOT NULL WINDOW TUMBLING (SIZE 1 MINUTE)",
            r => r["conference"] is not null, _ => "", TimeSpan.FromMinutes(1), null,
            (rows, _) => [Top(rows.Select(r => S(r, "hashtag")!), 2), (double)rows.Count], _ => true),
        new("SELECT tweet_id, MAX(likes), SUM(likes), AVG(likes), COUNT(*) FROM like_counts WINDOW TUMBLING (SIZE 1 MINUTE) GROUP BY tweet_id HAVING MAX(likes) >= 2",
            _ => true, r => S(r, "tweet_id")!, TimeSpan.FromMinutes(1), null,
            (rows, _) => [rows[0]["tweet_id"], rows.Max(r => (double)r["likes"]!), rows.Sum(r => (double)r["likes"]!),
                rows.Average(r => (double)r["likes"]!), (double)rows.Count],
            rows => rows.Max(r => (double)r["likes"]!) >= 2),
    ];

    public static TheoryData<int, int> Seeds()
    {
        var data = new TheoryData<int, int>();
        for (var c = 0; c < Cases.Length; c++)
        {
            foreach (var seed in new[] { 1, 2, 3 })
            {
                data.Add(c, seed);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void The_result_table_equals_brute_force_and_so_do_its_changes_and_a_restart_midway(int caseIndex, int seed)
    {
        var @case = Cases[caseIndex];
        var plan = Planner.Plan(@case.Sql);
        var rows = Input(plan, new Random(seed * 7919 + caseIndex)).ToList();

        var stores = new StateStores();
        var query = new LiveQuery("q", plan, Grace, stores);
        var table = new Dictionary<string, string>(StringComparer.Ordinal);
        var changelog = new List<(string, byte[]?)>();
        LiveQuery? restarted = null;
        StateStores? restartedStores = null;
        void Take()
        {
            foreach (var change in query.TakeChanges())
            {
                var key = $"{change.Key}@{change.Window}";
                if (change.IsRemoval)
                {
                    Assert.True(table.Remove(key), $"a removal of {key}, which was not in the table");
                }
                else
                {
                    table[key] = Format(change.Values!);
                }
            }
        }
        for (var i = 0; i < rows.Count; i++)
        {
            query.Apply(rows[i]);
            // Changes taken now and then, as a rate-limited emission would: coalesced, still exact.
            if (i % 7 == 0)
            {
                Take();
            }
            changelog.AddRange(stores.TakeChanges());
            restarted?.Apply(rows[i]);
            if (i == rows.Count / 2)
            {
                restartedStores = new StateStores();
                restarted = new LiveQuery("q", plan, Grace, restartedStores);
                foreach (var (key, value) in changelog)
                {
                    Assert.True(restartedStores.Restore(key, value));
                }
            }
        }

        Take();
        var expected = BruteForce(@case, rows);
        Assert.NotEmpty(expected);
        var actual = Table(query);
        Assert.Equal(expected, actual);
        Assert.Equal(expected, table);
        Assert.Equal(expected, Table(restarted!));
        if (plan.Windowed)
        {
            Assert.True(query.LateRows > 0, "the input had rows beyond grace");
        }
    }

    private static Dictionary<string, string> Table(LiveQuery query) =>
        query.Result().ToDictionary(r => $"{r.Key}@{r.Window}", r => Format(r.Values!), StringComparer.Ordinal);

    private static SortedDictionary<string, string> BruteForce(Case @case, IReadOnlyList<QueryRow> rows)
    {
        // Per window, the rows accepted into it: in arrival order, late once stream time − grace has reached its end.
        var accepted = new Dictionary<(string Group, TimeWindow Window), List<QueryRow>>();
        DateTimeOffset? streamTime = null;
        foreach (var row in rows)
        {
            streamTime = streamTime is { } t && t > row.EventTime ? t : row.EventTime;
            if (!@case.Where(row))
            {
                continue;
            }
            foreach (var window in WindowsOf(row.EventTime, @case.Size, @case.Advance))
            {
                if (@case.Size is not null && streamTime.Value - Grace >= window.End)
                {
                    continue;
                }
                var key = (@case.Group(row), window);
                if (!accepted.TryGetValue(key, out var list))
                {
                    accepted[key] = list = [];
                }
                list.Add(row);
            }
        }
        var groupKeys = new Dictionary<string, string>(StringComparer.Ordinal);
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var ((group, window), list) in accepted)
        {
            if (!@case.Having(list))
            {
                continue;
            }
            var shown = @case.Size is null ? (TimeWindow?)null : window;
            result[$"{KeyOf(@case, list[0])}@{shown}"] = Format(@case.Columns(list, shown));
        }
        return result;
    }

    /// <summary>The query's own key of a group, in the live query's encoding of the group values.</summary>
    private static string KeyOf(Case @case, QueryRow first)
    {
        var plan = Planner.Plan(@case.Sql);
        var values = plan.Statement.GroupBy.Select(e => first[((TweetPlatform.Analytics.Queries.Language.ColumnReference)e).Name]);
        return QueryValueCodec.GroupKey(values);
    }

    private static IEnumerable<TimeWindow> WindowsOf(DateTimeOffset t, TimeSpan? size, TimeSpan? advance)
    {
        if (size is not { } s)
        {
            yield return LiveQuery.AllTime;
            yield break;
        }
        var step = advance ?? s;
        var latest = new DateTimeOffset(t.UtcTicks - t.UtcTicks % step.Ticks, TimeSpan.Zero);
        for (var start = latest; start > t - s; start -= step)
        {
            yield return new TimeWindow(start, start + s);
        }
    }

    private static List<RankedValue> Top(IEnumerable<string> values, int k) =>
        values.GroupBy(v => v.ToLowerInvariant()).Select(g => new RankedValue(g.Key, g.LongCount()))
            .OrderByDescending(r => r.Count).ThenBy(r => (string)r.Value!, StringComparer.Ordinal).Take(k).ToList();

    private static IEnumerable<QueryRow> Input(QueryPlan plan, Random random)
    {
        // Event times over 8 minutes in arrival order with jitter: most within grace (20 s), some up to 60 s behind.
        for (var i = 0; i < 400; i++)
        {
            var ahead = TimeSpan.FromSeconds(i * 480.0 / 400);
            var behind = TimeSpan.FromSeconds(random.Next(10) == 0 ? random.Next(20, 60) : random.Next(0, 15));
            var at = Start + ahead - behind;
            if (plan.Source == StreamSchema.LikeCounts)
            {
                yield return QueryRow.FromLikeCount(new LikeCountChanged
                {
                    TweetId = $"t{random.Next(6)}", Count = random.Next(0, 5), LikesPartition = 0, LikesOffset = i, ChangedAt = at,
                });
                continue;
            }
            var tweet = new TweetReceived
            {
                TweetId = $"t{i}",
                Text = random.Next(4) == 0 ? "The Keynote starts" : "hello",
                Author = Authors[random.Next(Authors.Length)],
                Conference = Conferences[random.Next(Conferences.Length)],
                Language = Languages[random.Next(Languages.Length)],
                IsRetweet = random.Next(3) == 0,
                Hashtags = [.. Hashtags.Where(_ => random.Next(2) == 0)],
                CreatedAt = at,
                ReceivedAt = at,
                Source = "test",
            };
            foreach (var row in QueryRow.FromTweet(tweet, plan.PerHashtag))
            {
                yield return row;
            }
        }
    }

    private static string Format(IReadOnlyList<object?> values) => string.Join(" | ", values.Select(v => v switch
    {
        null => "NULL",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
        IEnumerable<RankedValue> ranked => string.Join(",", ranked.Select(r => $"{r.Value}:{r.Count}")),
        _ => v.ToString(),
    }));
}
