using TweetPlatform.Analytics.Operators;
using TweetPlatform.Analytics.Queries.Language;

namespace TweetPlatform.Analytics.Queries.Planning;

/// <summary>
/// Checks a parsed query against its stream's columns and the language's rules (types, where aggregates may be, what
/// an aggregating query may select, window limits) and plans it onto our windows. Every error names its position.
/// </summary>
public sealed class Planner
{
    private readonly string _text;
    private readonly QueryStatement _query;
    private readonly StreamSchema _source;
    private readonly IReadOnlyList<Expression> _groupBy;

    private Planner(string text, QueryStatement query, StreamSchema source)
    {
        _text = text;
        _query = query;
        _source = source;
        _groupBy = query.GroupBy;
    }

    /// <summary>Parses and plans <paramref name="text"/>; throws <see cref="QueryException"/> for anything wrong.</summary>
    public static QueryPlan Plan(string text)
    {
        var query = Parser.Parse(text);
        var source = StreamSchema.All.FirstOrDefault(s => s.Name == query.Source)
            ?? throw new QueryException($"unknown stream '{query.Source}'; expected {string.Join(" or ", StreamSchema.All.Select(s => s.Name))}",
                text, query.SourcePosition);
        return new Planner(text, query, source).Plan();
    }

    private QueryPlan Plan()
    {
        var aggregates = _query.GroupBy.Count > 0 || _query.Window is not null
            || _query.Select.Any(s => HasAggregate(s.Expression)) || _query.Having is not null;
        if (_query.Where is { } where)
        {
            Require(where, TypeOf(where, Place.Where), ColumnType.Boolean, "WHERE");
        }
        foreach (var key in _query.GroupBy)
        {
            if (TypeOf(key, Place.GroupBy) == ColumnType.Null)
            {
                throw Error("GROUP BY needs a column or an expression of one, not NULL", key.Position);
            }
        }
        var windowing = _query.Window is { } window ? Windowing(window) : null;
        if (windowing is not null && !_query.Select.Any(s => HasAggregate(s.Expression)))
        {
            throw Error("a windowed query needs an aggregate in SELECT, e.g. COUNT(*)", _query.Window!.Position);
        }
        var columns = new List<ResultColumn>();
        foreach (var item in _query.Select)
        {
            var type = TypeOf(item.Expression, aggregates ? Place.AggregatingSelect : Place.Select);
            if (aggregates)
            {
                CheckGrouped(item.Expression);
            }
            if (columns.Any(c => c.Name.Equals(item.Alias, StringComparison.OrdinalIgnoreCase)))
            {
                throw Error($"two columns are named '{item.Alias}'; name one with AS", item.Expression.Position);
            }
            columns.Add(new ResultColumn(item.Alias, type));
        }
        if (_query.Having is { } having)
        {
            Require(having, TypeOf(having, Place.Having), ColumnType.Boolean, "HAVING");
            CheckGrouped(having);
        }
        var perHashtag = Uses(StreamSchema.Tweets.Name, "hashtag");
        return new QueryPlan(_query, _source, aggregates, windowing, perHashtag, columns);
    }

    private enum Place
    {
        Where,
        GroupBy,
        Select,
        AggregatingSelect,
        Having,
        /// <summary>The argument of an aggregate: a row's value, no aggregate inside.</summary>
        AggregateArgument,
    }

    private IWindowing Windowing(WindowClause window)
    {
        if (window.Size < QueryLimits.MinWindow || window.Size > QueryLimits.MaxWindow)
        {
            throw Error($"a window is between {QueryLimits.MinWindow.TotalSeconds:N0} second and {QueryLimits.MaxWindow.TotalHours:N0} hours long", window.Position);
        }
        if (window.Kind == WindowKind.Tumbling)
        {
            return new TumblingWindows(window.Size);
        }
        if (window.Advance < QueryLimits.MinWindow || window.Advance > window.Size || window.Size.Ticks % window.Advance.Ticks != 0)
        {
            throw Error("a hopping window advances by at least a second, at most its size, and its size is a whole multiple of the advance", window.Position);
        }
        if (window.Size.Ticks / window.Advance.Ticks > QueryLimits.MaxWindowsPerEvent)
        {
            throw Error($"a hopping window's size is at most {QueryLimits.MaxWindowsPerEvent} times its advance", window.Position);
        }
        return new HoppingWindows(window.Size, window.Advance);
    }

    private ColumnType TypeOf(Expression expression, Place place) => expression switch
    {
        Literal { Value: null } => ColumnType.Null,
        Literal { Value: string } => ColumnType.String,
        Literal { Value: bool } => ColumnType.Boolean,
        Literal => ColumnType.Number,
        ColumnReference column => ColumnTypeOf(column, place),
        FunctionCall call => CallType(call, place),
        Binary { Operator: BinaryOperator.And or BinaryOperator.Or } logical => Logical(logical, place),
        Binary comparison => Compared(comparison, place),
        Not not => Require(not.Operand, TypeOf(not.Operand, place), ColumnType.Boolean, "NOT"),
        InList list => InListType(list, place),
        Like like => Predicate(Require(like.Value, TypeOf(like.Value, place), ColumnType.String, "LIKE")),
        IsNull isNull => Predicate(TypeOf(isNull.Value, place)),
        _ => throw Error("this expression is not supported", expression.Position),
    };

    /// <summary>A test's type, once its operand's type has been checked.</summary>
    private static ColumnType Predicate(ColumnType _) => ColumnType.Boolean;

    private ColumnType ColumnTypeOf(ColumnReference column, Place place)
    {
        if (column.Name is StreamSchema.WindowStart or StreamSchema.WindowEnd)
        {
            if (_query.Window is null || place is not (Place.AggregatingSelect or Place.Having))
            {
                throw Error($"{column.Name.ToUpperInvariant()} is the bound of a window: only in SELECT or HAVING of a query with WINDOW", column.Position);
            }
            return ColumnType.Timestamp;
        }
        return _source.Column(column.Name)?.Type
            ?? throw Error($"unknown column '{column.Name}' of {_source.Name}; expected one of {string.Join(", ", _source.Columns.Select(c => c.Name))}",
                column.Position);
    }

    private ColumnType CallType(FunctionCall call, Place place)
    {
        if (QueryFunctions.IsAggregate(call.Name))
        {
            if (place is not (Place.AggregatingSelect or Place.Having or Place.Select))
            {
                throw Error(place == Place.AggregateArgument
                    ? $"an aggregate cannot be inside another ({call.Name})"
                    : $"{call.Name} is an aggregate: only in SELECT or HAVING", call.Position);
            }
            return AggregateType(call);
        }
        if (!QueryFunctions.Scalars.Contains(call.Name))
        {
            throw Error($"unknown function {call.Name}; expected one of {QueryFunctions.Known}", call.Position);
        }
        if (call.Star)
        {
            throw Error($"{call.Name}(*) is not a function; only COUNT(*)", call.Position);
        }
        switch (call.Name)
        {
            case "CONTAINS":
                Arity(call, 2, "CONTAINS(text, 'word')");
                Require(call.Arguments[0], TypeOf(call.Arguments[0], place), ColumnType.String, "CONTAINS");
                if (call.Arguments[1] is not Literal { Value: string })
                {
                    throw Error("CONTAINS looks for a string in quotes: CONTAINS(text, 'word')", call.Arguments[1].Position);
                }
                return ColumnType.Boolean;
            default:
                Arity(call, 1, $"{call.Name}(text)");
                Require(call.Arguments[0], TypeOf(call.Arguments[0], place), ColumnType.String, call.Name);
                return ColumnType.String;
        }
    }

    private ColumnType AggregateType(FunctionCall call)
    {
        if (call.Star)
        {
            return call.Name == "COUNT" ? ColumnType.Number : throw Error($"{call.Name}(*) is not an aggregate; only COUNT(*)", call.Position);
        }
        switch (call.Name)
        {
            case "COUNT" or "COUNT_DISTINCT":
                Arity(call, 1, $"{call.Name}(column)");
                NotNull(call.Arguments[0], TypeOf(call.Arguments[0], Place.AggregateArgument), call.Name);
                return ColumnType.Number;
            case "SUM" or "AVG":
                Arity(call, 1, $"{call.Name}(number)");
                Require(call.Arguments[0], TypeOf(call.Arguments[0], Place.AggregateArgument), ColumnType.Number, call.Name);
                return ColumnType.Number;
            case "MIN" or "MAX":
                Arity(call, 1, $"{call.Name}(column)");
                var type = TypeOf(call.Arguments[0], Place.AggregateArgument);
                return type is ColumnType.Number or ColumnType.String or ColumnType.Timestamp
                    ? type
                    : throw Error($"{call.Name} takes a number, a string or a time, not {Describe(type)}", call.Arguments[0].Position);
            default:
                Arity(call, 2, "TOPK(column, k)");
                NotNull(call.Arguments[0], TypeOf(call.Arguments[0], Place.AggregateArgument), "TOPK");
                if (call.Arguments[1] is not Literal { Value: double k } || k != Math.Floor(k) || k < 1 || k > QueryLimits.MaxTopK)
                {
                    throw Error($"TOPK's k is a whole number from 1 to {QueryLimits.MaxTopK}", call.Arguments[1].Position);
                }
                return ColumnType.Ranking;
        }
    }

    private ColumnType Logical(Binary logical, Place place)
    {
        var name = logical.Operator == BinaryOperator.And ? "AND" : "OR";
        Require(logical.Left, TypeOf(logical.Left, place), ColumnType.Boolean, name);
        Require(logical.Right, TypeOf(logical.Right, place), ColumnType.Boolean, name);
        return ColumnType.Boolean;
    }

    private ColumnType Compared(Binary comparison, Place place)
    {
        var left = TypeOf(comparison.Left, place);
        var right = TypeOf(comparison.Right, place);
        if (left == ColumnType.Ranking || right == ColumnType.Ranking)
        {
            throw Error("TOPK's ranking cannot be compared", comparison.Position);
        }
        var ordering = comparison.Operator is not (BinaryOperator.Equal or BinaryOperator.NotEqual);
        if (left != right && left != ColumnType.Null && right != ColumnType.Null)
        {
            throw Error($"cannot compare {Describe(left)} with {Describe(right)}", comparison.Position);
        }
        if (ordering && (left == ColumnType.Boolean || right == ColumnType.Boolean))
        {
            throw Error("TRUE and FALSE have no order; compare them with = or <>", comparison.Position);
        }
        return ColumnType.Boolean;
    }

    private ColumnType InListType(InList list, Place place)
    {
        var type = TypeOf(list.Value, place);
        foreach (var item in list.Items)
        {
            var itemType = TypeOf(item, place);
            if (itemType != type && itemType != ColumnType.Null)
            {
                throw Error($"IN compares {Describe(type)} with {Describe(itemType)}", item.Position);
            }
        }
        return ColumnType.Boolean;
    }

    /// <summary>In an aggregating query, what is outside an aggregate must be grouped by (or a window bound, or a value).</summary>
    private void CheckGrouped(Expression expression)
    {
        if (_groupBy.Contains(expression))
        {
            return;
        }
        switch (expression)
        {
            case FunctionCall call when QueryFunctions.IsAggregate(call.Name):
            case Literal:
            case ColumnReference { Name: StreamSchema.WindowStart or StreamSchema.WindowEnd }:
                return;
            case ColumnReference column:
                throw Error($"'{column.Name}' is neither grouped by nor inside an aggregate; add it to GROUP BY or aggregate it", column.Position);
            default:
                foreach (var child in Children(expression))
                {
                    CheckGrouped(child);
                }
                return;
        }
    }

    private static IEnumerable<Expression> Children(Expression expression) => expression switch
    {
        FunctionCall call => call.Arguments,
        Binary binary => [binary.Left, binary.Right],
        Not not => [not.Operand],
        InList list => [list.Value],
        Like like => [like.Value],
        IsNull isNull => [isNull.Value],
        _ => [],
    };

    private static bool HasAggregate(Expression expression) =>
        expression is FunctionCall call && QueryFunctions.IsAggregate(call.Name) || Children(expression).Any(HasAggregate);

    private bool Uses(string source, string column) =>
        _source.Name == source && Expressions().Any(e => References(e, column));

    private IEnumerable<Expression> Expressions() =>
        _query.Select.Select(s => s.Expression).Concat(_query.GroupBy)
            .Concat(_query.Where is null ? [] : [_query.Where]).Concat(_query.Having is null ? [] : [_query.Having]);

    private static bool References(Expression expression, string column) =>
        expression is ColumnReference reference && reference.Name == column || Children(expression).Any(c => References(c, column));

    private void Arity(FunctionCall call, int count, string usage)
    {
        if (call.Arguments.Count != count)
        {
            throw Error($"{call.Name} takes {count} argument{(count == 1 ? "" : "s")}: {usage}", call.Position);
        }
    }

    private ColumnType Require(Expression expression, ColumnType actual, ColumnType expected, string where)
    {
        if (actual != expected && actual != ColumnType.Null)
        {
            throw Error($"{where} needs {Describe(expected)}, not {Describe(actual)}", expression.Position);
        }
        return expected;
    }

    private void NotNull(Expression expression, ColumnType actual, string where)
    {
        if (actual is ColumnType.Null or ColumnType.Ranking)
        {
            throw Error($"{where} needs a column or an expression of one", expression.Position);
        }
    }

    private static string Describe(ColumnType type) => type switch
    {
        ColumnType.String => "a string",
        ColumnType.Number => "a number",
        ColumnType.Boolean => "TRUE or FALSE",
        ColumnType.Timestamp => "a time",
        ColumnType.Ranking => "a ranking",
        _ => "NULL",
    };

    private QueryException Error(string problem, int position) => new(problem, _text, position);
}
