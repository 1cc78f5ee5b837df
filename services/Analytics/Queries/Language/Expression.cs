namespace TweetPlatform.Analytics.Queries.Language;

/// <summary>
/// The syntax tree of an expression. Records, so two spellings of the same expression compare equal (a selected column
/// is matched against the GROUP BY that way); <see cref="Position"/> is left out of equality.
/// </summary>
public abstract record Expression
{
    /// <summary>Where it starts in the query, for errors.</summary>
    public int Position { get; init; }

    public virtual bool Equals(Expression? other) => other is not null && other.GetType() == GetType();

    public override int GetHashCode() => GetType().GetHashCode();

    /// <summary>As a column heading: the query's own spelling, normalised.</summary>
    public abstract string Display();
}

/// <param name="Value">A string, a double, a bool or null.</param>
public sealed record Literal(object? Value) : Expression
{
    public override string Display() => Value switch
    {
        null => "NULL",
        string s => $"'{s.Replace("'", "''", StringComparison.Ordinal)}'",
        bool b => b ? "TRUE" : "FALSE",
        double d => d.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => Value.ToString() ?? "",
    };
}

/// <summary>A column of the stream, or WINDOWSTART / WINDOWEND; the name in lower case.</summary>
public sealed record ColumnReference(string Name) : Expression
{
    public override string Display() => Name;
}

/// <summary>A function or aggregate call; <c>COUNT(*)</c> has <see cref="Star"/> and no arguments. The name in upper case.</summary>
public sealed record FunctionCall(string Name, IReadOnlyList<Expression> Arguments, bool Star = false) : Expression
{
    public bool Equals(FunctionCall? other) =>
        other is not null && Name == other.Name && Star == other.Star && Arguments.SequenceEqual(other.Arguments);

    public override int GetHashCode() => HashCode.Combine(Name, Star, Arguments.Count);

    public override string Display() => $"{Name}({(Star ? "*" : string.Join(", ", Arguments.Select(a => a.Display())))})";
}

public enum BinaryOperator
{
    And,
    Or,
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

public sealed record Binary(BinaryOperator Operator, Expression Left, Expression Right) : Expression
{
    // AND and OR in parentheses, so the text parses back to the same tree whatever the nesting.
    public override string Display() =>
        Operator is BinaryOperator.And or BinaryOperator.Or ? $"({Left.Display()} {Symbol} {Right.Display()})" : $"{Left.Display()} {Symbol} {Right.Display()}";

    private string Symbol => Operator switch
    {
        BinaryOperator.And => "AND",
        BinaryOperator.Or => "OR",
        BinaryOperator.Equal => "=",
        BinaryOperator.NotEqual => "<>",
        BinaryOperator.Less => "<",
        BinaryOperator.LessOrEqual => "<=",
        BinaryOperator.Greater => ">",
        _ => ">=",
    };
}

public sealed record Not(Expression Operand) : Expression
{
    public override string Display() => Operand is Binary or InList or Like or IsNull ? $"NOT ({Operand.Display()})" : $"NOT {Operand.Display()}";
}

/// <summary><c>x [NOT] IN (a, b, ...)</c>, the list of literals.</summary>
public sealed record InList(Expression Value, IReadOnlyList<Literal> Items, bool Negated) : Expression
{
    public bool Equals(InList? other) =>
        other is not null && Value == other.Value && Negated == other.Negated && Items.SequenceEqual(other.Items);

    public override int GetHashCode() => HashCode.Combine(Value, Negated, Items.Count);

    public override string Display() => $"{Value.Display()} {(Negated ? "NOT IN" : "IN")} ({string.Join(", ", Items.Select(i => i.Display()))})";
}

/// <summary><c>x [NOT] LIKE 'pattern'</c>: <c>%</c> any run of characters, <c>_</c> one character.</summary>
public sealed record Like(Expression Value, string Pattern, bool Negated) : Expression
{
    public override string Display() => $"{Value.Display()} {(Negated ? "NOT LIKE" : "LIKE")} '{Pattern.Replace("'", "''", StringComparison.Ordinal)}'";
}

/// <summary><c>x IS [NOT] NULL</c>.</summary>
public sealed record IsNull(Expression Value, bool Negated) : Expression
{
    public override string Display() => $"{Value.Display()} IS {(Negated ? "NOT " : "")}NULL";
}
