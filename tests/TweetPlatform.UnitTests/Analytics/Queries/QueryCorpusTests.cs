using TweetPlatform.Analytics.Queries.Language;
using TweetPlatform.Analytics.Queries.Planning;

namespace TweetPlatform.UnitTests.Analytics.Queries;

/// <summary>
/// A generated corpus: valid queries built from the grammar's parts all plan (and print back to the same tree); any
/// mutation of them, and random text, is either a valid query or a <see cref="QueryException"/> with a position inside
/// the text, never another exception.
/// </summary>
public sealed class QueryCorpusTests
{
    private const int Seed = 20261202;

    private static readonly string[] Predicates =
    [
        "retweet", "NOT retweet", "author = 'ann'", "conference IN ('javaone', 'qcon')", "language IS NOT NULL",
        "CONTAINS(text, 'keynote')", "LOWER(author) LIKE 'a%'", "hashtag <> 'java'", "created_at >= created_at",
        "author NOT LIKE '%bot'", "text NOT IN ('x')", "(retweet OR author = 'b')",
    ];

    private static readonly string[] Keys = ["author", "conference", "hashtag", "language", "LOWER(author)", "retweet"];

    private static readonly string[] Aggregates =
    [
        "COUNT(*)", "COUNT(author)", "COUNT_DISTINCT(author)", "MIN(created_at)", "MAX(author)", "TOPK(hashtag, 3)",
    ];

    private static readonly string[] Windows =
    [
        "WINDOW TUMBLING (SIZE 1 MINUTE)", "WINDOW TUMBLING (SIZE 30 SECONDS)", "WINDOW HOPPING (SIZE 10 MINUTES, ADVANCE BY 1 MINUTE)",
        "WINDOW HOPPING (SIZE 1 HOUR, ADVANCE BY 5 MINUTES)",
    ];

    public static IEnumerable<string> ValidQueries()
    {
        var random = new Random(Seed);
        for (var i = 0; i < 300; i++)
        {
            var where = random.Next(3) == 0 ? "" : " WHERE " + string.Join(random.Next(2) == 0 ? " AND " : " OR ",
                Enumerable.Range(0, random.Next(1, 4)).Select(_ => Predicates[random.Next(Predicates.Length)]));
            if (random.Next(3) == 0)
            {
                yield return $"SELECT author, text, created_at FROM tweets{where}";
                continue;
            }
            var keys = Keys.OrderBy(_ => random.Next()).Take(random.Next(0, 3)).ToList();
            var aggregates = Aggregates.OrderBy(_ => random.Next()).Take(random.Next(1, 4)).ToList();
            var window = random.Next(3) == 0 ? "" : " " + Windows[random.Next(Windows.Length)];
            var bounds = window.Length > 0 && random.Next(2) == 0 ? ", WINDOWSTART, WINDOWEND" : "";
            var groupBy = keys.Count > 0 ? " GROUP BY " + string.Join(", ", keys) : "";
            var having = random.Next(3) == 0 ? " HAVING COUNT(*) > " + random.Next(1, 50) : "";
            var emit = random.Next(2) == 0 ? " EMIT CHANGES" : "";
            var (first, second) = random.Next(2) == 0 ? (where, window) : (window, where);
            yield return $"SELECT {string.Join(", ", keys.Concat(aggregates))}{bounds} FROM tweets{first}{second}{groupBy}{having}{emit}";
        }
    }

    [Fact]
    public void Every_generated_valid_query_plans_and_prints_back_to_the_same_tree()
    {
        var planned = 0;
        foreach (var text in ValidQueries())
        {
            var plan = Planner.Plan(text);
            planned++;
            foreach (var item in plan.Statement.Select)
            {
                var reprinted = Parser.Parse($"SELECT {item.Expression.Display()} FROM tweets").Select[0].Expression;
                Assert.Equal(item.Expression, reprinted);
            }
            if (plan.Statement.Where is { } where)
            {
                Assert.Equal(where, Parser.Parse($"SELECT author FROM tweets WHERE {where.Display()}").Where);
            }
        }
        Assert.Equal(300, planned);
    }

    [Fact]
    public void Every_mutation_of_a_valid_query_is_valid_or_a_positioned_query_error()
    {
        var random = new Random(Seed + 1);
        var refused = 0;
        var mutations = 0;
        foreach (var text in ValidQueries())
        {
            var tokens = Lexer.Tokenize(text).Where(t => t.Kind != TokenKind.End).ToList();
            for (var m = 0; m < 10; m++)
            {
                var mutated = Mutate(text, tokens, random);
                mutations++;
                try
                {
                    Planner.Plan(mutated);
                }
                catch (QueryException error)
                {
                    refused++;
                    Assert.InRange(error.Position, 0, mutated.Length);
                    Assert.StartsWith($"Line {error.Line}, column {error.Column}: ", error.Message, StringComparison.Ordinal);
                }
            }
        }
        // Most mutations break a query; the test is only worth its name if they do.
        Assert.True(refused > mutations / 2, $"{refused} of {mutations} mutations refused");
    }

    [Fact]
    public void Random_text_never_throws_anything_but_a_query_error()
    {
        var random = new Random(Seed + 2);
        const string alphabet = "SELECT FROM WHERE GROUP BY HAVING WINDOW ( ) , * = < > ' -- \n 1 2 a b _ \u202E 🎉 \" ; . ! NOT AND OR IN LIKE";
        var words = alphabet.Split(' ');
        for (var i = 0; i < 2_000; i++)
        {
            var text = string.Join(random.Next(2) == 0 ? " " : "", Enumerable.Range(0, random.Next(1, 30)).Select(_ => words[random.Next(words.Length)]));
            try
            {
                Planner.Plan(text);
            }
            catch (QueryException error)
            {
                Assert.InRange(error.Position, 0, text.Length);
            }
        }
    }

    private static string Mutate(string text, List<Token> tokens, Random random)
    {
        var token = tokens[random.Next(tokens.Count)];
        var length = token.Kind == TokenKind.String ? token.Text.Length + 2 : token.Text.Length;
        return random.Next(4) switch
        {
            0 => text.Remove(token.Position, length),
            1 => text.Insert(token.Position, new[] { "(", ")", ",", "FROM ", "'", "GROUP ", "NOT ", "= " }[random.Next(8)]),
            2 => text.Remove(token.Position, length).Insert(token.Position, tokens[random.Next(tokens.Count)].Text),
            _ => text[..token.Position] + text[Math.Min(text.Length, token.Position + length + random.Next(0, 5))..],
        };
    }
}
