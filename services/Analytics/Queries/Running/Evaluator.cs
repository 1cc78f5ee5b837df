using TweetPlatform.Analytics.Queries.Language;

namespace TweetPlatform.Analytics.Queries.Running;

/// <summary>
/// Turns an expression into a delegate once per query, so a row is not interpreted node by node for every query it
/// reaches. Strings compare without regard to case (=, &lt;&gt;, IN, LIKE, CONTAINS and ordering); NULL follows SQL: a
/// comparison with it is NULL, AND and OR are three-valued, and WHERE and HAVING keep only TRUE.
/// <paramref name="resolve"/> gives the delegates for what the expression reads: a column of a row, or in a group a
/// grouped expression, an aggregate's value or a window bound (null for anything else, which is then compiled here).
/// </summary>
public static class Evaluator
{
    private static readonly object True = true;
    private static readonly object False = false;

    /// <exception cref="InvalidOperationException">The expression reads something <paramref name="resolve"/> does not give.</exception>
    public static Func<TContext, object?> Compile<TContext>(Expression expression, Func<Expression, Func<TContext, object?>?> resolve)
    {
        if (resolve(expression) is { } resolved)
        {
            return resolved;
        }
        Func<TContext, object?> Sub(Expression e) => Compile(e, resolve);
        switch (expression)
        {
            case Literal literal:
                var constant = literal.Value;
                return _ => constant;
            case Binary { Operator: BinaryOperator.And } and:
            {
                var (left, right) = (Sub(and.Left), Sub(and.Right));
                return context => And(left(context), right, context);
            }
            case Binary { Operator: BinaryOperator.Or } or:
            {
                var (left, right) = (Sub(or.Left), Sub(or.Right));
                return context => Or(left(context), right, context);
            }
            case Binary comparison:
            {
                var (op, left, right) = (comparison.Operator, Sub(comparison.Left), Sub(comparison.Right));
                return context => Compare(op, left(context), right(context));
            }
            case Not not:
            {
                var operand = Sub(not.Operand);
                return context => operand(context) is bool b ? Box(!b) : null;
            }
            case IsNull isNull:
            {
                var (value, negated) = (Sub(isNull.Value), isNull.Negated);
                return context => Box((value(context) is null) != negated);
            }
            case InList list:
            {
                var (value, items, negated) = (Sub(list.Value), list.Items, list.Negated);
                return context => In(value(context), items, negated);
            }
            case Like like:
            {
                var (value, pattern, negated) = (Sub(like.Value), like.Pattern, like.Negated);
                return context => value(context) is string s ? Box(LikePattern.Matches(s, pattern) != negated) : null;
            }
            case FunctionCall { Name: "CONTAINS" } call:
            {
                var (text, part) = (Sub(call.Arguments[0]), (string)((Literal)call.Arguments[1]).Value!);
                return context => text(context) is string s ? Box(s.Contains(part, StringComparison.OrdinalIgnoreCase)) : null;
            }
            case FunctionCall { Name: "LOWER" } call:
            {
                var value = Sub(call.Arguments[0]);
                return context => (value(context) as string)?.ToLowerInvariant();
            }
            case FunctionCall { Name: "UPPER" } call:
            {
                var value = Sub(call.Arguments[0]);
                return context => (value(context) as string)?.ToUpperInvariant();
            }
            default:
                throw new InvalidOperationException($"Nothing resolved {expression.Display()}.");
        }
    }

    /// <summary>WHERE and HAVING: only TRUE passes.</summary>
    public static bool IsTrue(object? condition) => condition is true;

    /// <summary>Equal as the language compares (strings without case); nulls are equal here, for grouping.</summary>
    public static bool SameValue(object? a, object? b) =>
        a is string x && b is string y ? string.Equals(x, y, StringComparison.OrdinalIgnoreCase) : Equals(a, b);

    private static object Box(bool value) => value ? True : False;

    private static object? And<TContext>(object? left, Func<TContext, object?> right, TContext context)
    {
        if (left is false)
        {
            return False;
        }
        var r = right(context);
        return r is false ? False : left is null || r is null ? null : True;
    }

    private static object? Or<TContext>(object? left, Func<TContext, object?> right, TContext context)
    {
        if (left is true)
        {
            return True;
        }
        var r = right(context);
        return r is true ? True : left is null || r is null ? null : False;
    }

    private static object? Compare(BinaryOperator op, object? left, object? right)
    {
        if (left is null || right is null)
        {
            return null;
        }
        var order = Order(left, right);
        return Box(op switch
        {
            BinaryOperator.Equal => order == 0,
            BinaryOperator.NotEqual => order != 0,
            BinaryOperator.Less => order < 0,
            BinaryOperator.LessOrEqual => order <= 0,
            BinaryOperator.Greater => order > 0,
            _ => order >= 0,
        });
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
            return Box(!negated);
        }
        // x IN (…, NULL) is NULL when nothing matched, as in SQL.
        return items.Any(i => i.Value is null) ? null : Box(negated);
    }
}
