namespace TweetPlatform.Analytics.Queries.Language;

/// <summary>
/// A query that cannot be run, with where (0-based <see cref="Position"/> into the text, and its line and column) and,
/// for a syntax error, what was expected there.
/// </summary>
public sealed class QueryException : Exception
{
    public QueryException(string problem, string text, int position)
        : base(Describe(problem, text, position))
    {
        Problem = problem;
        Position = Math.Clamp(position, 0, text.Length);
        (Line, Column) = LineAndColumn(text, Position);
    }

    /// <summary>What is wrong, without the position (e.g. "expected FROM, found 'FORM'").</summary>
    public string Problem { get; }

    public int Position { get; }

    /// <summary>1-based.</summary>
    public int Line { get; }

    /// <summary>1-based, in UTF-16 code units.</summary>
    public int Column { get; }

    private static string Describe(string problem, string text, int position)
    {
        var (line, column) = LineAndColumn(text, Math.Clamp(position, 0, text.Length));
        return $"Line {line}, column {column}: {problem}";
    }

    private static (int Line, int Column) LineAndColumn(string text, int position)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < position; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }
        return (line, position - lineStart + 1);
    }
}
