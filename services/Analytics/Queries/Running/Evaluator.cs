using TweetPlatform.Analytics.Queries.Language;

namespace TweetPlatform.Analytics.Queries.Running;

/// <summary>
/// Evaluates an expression. Strings compare without regard to case (=, &lt;&gt;, IN, LIKE, CONTAINS and ordering);
/// NULL follows SQL: a comparison with it is NULL, AND and OR are three-valued, and WHERE and HAVING keep only TRUE.
/// <paramref name="resolve"/> gives what the expression reads: a column of a row, or in a group a grouped expression,
/// an aggregate's value or a window bound.
/// </summary>
public static class Evaluator
{
    public static object? Evaluate(Expression expression, Func<Expression, (bool Found, object? Value)> resolve)
    {
        if (resolve(expression) is (true, var resolved))
        {
            return resolved;
        }
        return expression switch
        {
            Literal literal => literal.Value,
            Binary { Operator: BinaryOperator.And } and => And(Evaluate(and.Left, resolve), () => Evaluate(and.Right, resolve)),
            Binary { Operator: BinaryOperator.Or } or => Or(Evaluate(or.Left, resolve), () => Evaluate(or.Right, resolve)),
            Binary comparison => Compare(comparison.Operator, Evaluate(comparison.Left, resolve), Evaluate(comparison.Right, resolve)),
            Not not => Evaluate(not.Operand, resolve) is bool b ? !b : null,
            IsNull isNull => (Evaluate(isNull.Value, resolve) is null) != isNull.Negated,
            InList list => In(Evaluate(list.Value, resolve), list.Items, list.Negated),
            Like like => Evaluate(like.Value, resolve) is string s ? LikePattern.Matches(s, like.Pattern) != like.Negated : null,
            FunctionCall { Name: "CONTAINS" } call => Evaluate(call.Arguments[0], resolve) is string text
                ? text.Contains((string)((Literal)call.Arguments[1]).Value!, StringComparison.OrdinalIgnoreCase)
                : null,
            FunctionCall { Name: "LOWER" } call => (Evaluate(call.Arguments[0], resolve) as string)?.ToLowerInvariant(),
            FunctionCall { Name: "UPPER" } call => (Evaluate(call.Arguments[0], resolve) as string)?.ToUpperInvariant(),
            _ => throw new InvalidOperationException($"Nothing resolved {expression.Display()}."),
        };
    }

    /// <summary>WHERE and HAVING: only TRUE passes.</summary>
    public static bool IsTrue(Expression condition, Func<Expression, (bool, object?)> resolve) => Evaluate(condition, resolve) is true;

    /// <summary>Equal as the language compares (strings without case); nulls are equal here, for grouping.</summary>
    public static bool SameValue(object? a, object? b) =>
        a is string x && b is string y ? string.Equals(x, y, StringComparison.OrdinalIgnoreCase) : Equals(a, b);

    private static object? And(object? left, Func<object?> right)
    {
        if (left is false)
        {
            return false;
        }
        var r = right();
        return r is false ? false : left is null || r is null ? null : true;
    }

    private static object? Or(object? left, Func<object?> right)
    {
        if (left is true)
        {
            return true;
        }
        var r = right();
        return r is true ? true : left is null || r is null ? null : false;
    }

    private static object? Compare(BinaryOperator op, object? left, object? right)
    {
        if (left is null || right is null)
        {
            return null;
        }
        var order = Order(left, right);
        return op switch
        {
            BinaryOperator.Equal => order == 0,
            BinaryOperator.NotEqual => order != 0,
            BinaryOperator.Less => order < 0,
            BinaryOperator.LessOrEqual => order <= 0,
            BinaryOperator.Greater => order > 0,
            _ => order >= 0,
        };
    }

    /// <summary>The language's order of two non-null values of one type (strings without case).</summary>
    public static int Order(object left, object right) =>
        (left, right) switch
        {
            (string a, string b) => string.Compare(a, b, StringComparison.OrdinalIgnoreCase),
            (double a, double b) => a.CompareTo(b),
            (DateTimeOffset a, DateTimeOffset b) => a.CompareTo(b),
            (bool a, bool b) => a == b ? 0 : 1,
            _ => throw new InvalidOperationException($"Cannot compare {left.GetType().Name} with {right.GetType().Name}."),
        };

    private static object? In(object? value, IReadOnlyList<Literal> items, bool negated)
    {
        if (value is null)
        {
            return null;
        }
        if (items.Any(i => i.Value is not null && SameValue(value, i.Value)))
        {
            return !negated;
        }
        // x IN (…, NULL) is NULL when nothing matched, as in SQL.
        return items.Any(i => i.Value is null) ? null : negated;
    }
}
