namespace TweetPlatform.Analytics.Queries.Language;

/// <summary>A parsed query, before its names and types are checked (the planner does that).</summary>
public sealed record QueryStatement(
    IReadOnlyList<SelectItem> Select,
    string Source,
    int SourcePosition,
    Expression? Where,
    WindowClause? Window,
    IReadOnlyList<Expression> GroupBy,
    Expression? Having,
    bool EmitChanges);
