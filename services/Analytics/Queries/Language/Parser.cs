using System.Globalization;

namespace TweetPlatform.Analytics.Queries.Language;

/// <summary>
/// Recursive descent over the grammar in the README ("Live queries"). Every error names its position and what was
/// expected there. Keywords are case-insensitive; names are folded to lower case, function names to upper case.
/// </summary>
public sealed class Parser
{
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "SELECT", "FROM", "WHERE", "WINDOW", "GROUP", "BY", "HAVING", "EMIT", "CHANGES", "AND", "OR", "NOT", "IN", "LIKE",
        "IS", "NULL", "TRUE", "FALSE", "AS", "TUMBLING", "HOPPING", "SIZE", "ADVANCE",
    };

    private readonly string _text;
    private readonly IReadOnlyList<Token> _tokens;
    private int _next;
    private int _depth;

    private Parser(string text)
    {
        _text = text;
        _tokens = Lexer.Tokenize(text);
    }

    public static QueryStatement Parse(string text) => new Parser(text).Query();

    private Token Peek => _tokens[_next];

    private QueryStatement Query()
    {
        Expect("SELECT");
        var select = new List<SelectItem> { SelectItem() };
        while (Accept(TokenKind.Comma))
        {
            if (select.Count == QueryLimits.MaxSelectItems)
            {
                throw Error($"at most {QueryLimits.MaxSelectItems} columns may be selected");
            }
            select.Add(SelectItem());
        }
        Expect("FROM", "',' or FROM");
        var sourceToken = Peek;
        var source = Name("a stream name (tweets or like_counts)");
        Expression? where = null;
        WindowClause? window = null;
        // ksqlDB writes WINDOW before WHERE; the grammar after it. Either order, each once.
        for (var clause = 0; clause < 2; clause++)
        {
            if (where is null && AcceptKeyword("WHERE"))
            {
                where = Expression();
            }
            else if (window is null && AcceptKeyword("WINDOW"))
            {
                window = Window();
            }
        }
        var groupBy = new List<Expression>();
        if (AcceptKeyword("GROUP"))
        {
            Expect("BY", "BY after GROUP");
            groupBy.Add(Expression());
            while (Accept(TokenKind.Comma))
            {
                if (groupBy.Count == QueryLimits.MaxGroupBy)
                {
                    throw Error($"at most {QueryLimits.MaxGroupBy} expressions may be grouped by");
                }
                groupBy.Add(Expression());
            }
        }
        var having = AcceptKeyword("HAVING") ? Expression() : null;
        var emitChanges = false;
        if (AcceptKeyword("EMIT"))
        {
            Expect("CHANGES", "CHANGES after EMIT");
            emitChanges = true;
        }
        Accept(TokenKind.Semicolon);
        if (Peek.Kind != TokenKind.End)
        {
            throw Error($"expected {Following(where, window, groupBy.Count > 0, having, emitChanges)}, found {Peek.Describe()}");
        }
        return new QueryStatement(select, source, sourceToken.Position, where, window, groupBy, having, emitChanges);
    }

    /// <summary>What may come next after the clauses read so far, for the error at a query's unexpected tail.</summary>
    private static string Following(Expression? where, WindowClause? window, bool grouped, Expression? having, bool emit)
    {
        var options = new List<string>();
        if (!grouped && having is null && !emit)
        {
            if (where is null)
            {
                options.Add("WHERE");
            }
            if (window is null)
            {
                options.Add("WINDOW");
            }
            options.Add("GROUP BY");
        }
        if (having is null && !emit)
        {
            options.Add("HAVING");
        }
        if (!emit)
        {
            options.Add("EMIT CHANGES");
        }
        options.Add("the end of the query");
        return string.Join(", ", options[..^1]) + (options.Count > 1 ? " or " : "") + options[^1];
    }

    private SelectItem SelectItem()
    {
        var expression = Expression();
        if (AcceptKeyword("AS"))
        {
            return new SelectItem(expression, Name("a column name after AS"));
        }
        return new SelectItem(expression, expression.Display());
    }

    private WindowClause Window()
    {
        var at = Peek.Position;
        if (AcceptKeyword("TUMBLING"))
        {
            Expect(TokenKind.LeftParen, "'(' after TUMBLING");
            Expect("SIZE", "SIZE");
            var size = Duration();
            Expect(TokenKind.RightParen, "')'");
            return new WindowClause(WindowKind.Tumbling, size, size, at);
        }
        if (AcceptKeyword("HOPPING"))
        {
            Expect(TokenKind.LeftParen, "'(' after HOPPING");
            Expect("SIZE", "SIZE");
            var size = Duration();
            Expect(TokenKind.Comma, "',' and ADVANCE BY");
            Expect("ADVANCE", "ADVANCE BY");
            Expect("BY", "BY after ADVANCE");
            var advance = Duration();
            Expect(TokenKind.RightParen, "')'");
            return new WindowClause(WindowKind.Hopping, size, advance, at);
        }
        throw Error($"expected TUMBLING or HOPPING, found {Peek.Describe()}");
    }

    private TimeSpan Duration()
    {
        var number = Peek;
        if (number.Kind != TokenKind.Number || number.Text.Contains('.', StringComparison.Ordinal))
        {
            throw Error($"expected a whole number of seconds, minutes, hours or days, found {Peek.Describe()}");
        }
        _next++;
        var amount = long.Parse(number.Text, CultureInfo.InvariantCulture);
        var unit = Peek;
        TimeSpan one = unit.Kind == TokenKind.Identifier ? unit.Text.ToUpperInvariant() switch
        {
            "SECOND" or "SECONDS" => TimeSpan.FromSeconds(1),
            "MINUTE" or "MINUTES" => TimeSpan.FromMinutes(1),
            "HOUR" or "HOURS" => TimeSpan.FromHours(1),
            "DAY" or "DAYS" => TimeSpan.FromDays(1),
            _ => TimeSpan.Zero,
        } : TimeSpan.Zero;
        if (one == TimeSpan.Zero)
        {
            throw Error($"expected SECONDS, MINUTES, HOURS or DAYS, found {unit.Describe()}");
        }
        _next++;
        return amount > QueryLimits.MaxWindow.Ticks / one.Ticks ? QueryLimits.MaxWindow + one : TimeSpan.FromTicks(one.Ticks * amount);
    }

    private Expression Expression()
    {
        if (++_depth > QueryLimits.MaxDepth)
        {
            throw Error($"the query nests deeper than {QueryLimits.MaxDepth} levels");
        }
        var result = Or();
        _depth--;
        return result;
    }

    private Expression Or() => Chain("OR", BinaryOperator.Or, And);

    private Expression And() => Chain("AND", BinaryOperator.And, Negation);

    /// <summary><c>operand { keyword operand }</c>, grouped from the left.</summary>
    private Expression Chain(string keyword, BinaryOperator op, Func<Expression> operand)
    {
        var left = operand();
        while (Peek.IsKeyword(keyword))
        {
            var at = Peek.Position;
            _next++;
            left = new Binary(op, left, operand()) { Position = at };
        }
        return left;
    }

    private Expression Negation()
    {
        if (Peek.IsKeyword("NOT"))
        {
            var at = Peek.Position;
            _next++;
            if (++_depth > QueryLimits.MaxDepth)
            {
                throw Error($"the query nests deeper than {QueryLimits.MaxDepth} levels");
            }
            var operand = Negation();
            _depth--;
            return new Not(operand) { Position = at };
        }
        return Predicate();
    }

    private Expression Predicate()
    {
        var left = Primary();
        var at = Peek.Position;
        if (Comparison(Peek.Kind) is { } comparison)
        {
            _next++;
            return new Binary(comparison, left, Primary()) { Position = at };
        }
        if (AcceptKeyword("IS"))
        {
            var negated = AcceptKeyword("NOT");
            Expect("NULL", negated ? "NULL" : "NULL or NOT NULL");
            return new IsNull(left, negated) { Position = at };
        }
        var not = Peek.IsKeyword("NOT") && (_tokens[_next + 1].IsKeyword("IN") || _tokens[_next + 1].IsKeyword("LIKE"));
        if (not)
        {
            _next++;
        }
        if (AcceptKeyword("IN"))
        {
            Expect(TokenKind.LeftParen, "'(' and a list of values after IN");
            var items = new List<Literal> { LiteralValue("a value") };
            while (Accept(TokenKind.Comma))
            {
                if (items.Count == QueryLimits.MaxInList)
                {
                    throw Error($"an IN list has at most {QueryLimits.MaxInList} values");
                }
                items.Add(LiteralValue("a value"));
            }
            Expect(TokenKind.RightParen, "',' or ')'");
            return new InList(left, items, not) { Position = at };
        }
        if (AcceptKeyword("LIKE"))
        {
            if (Peek.Kind != TokenKind.String)
            {
                throw Error($"expected a pattern in quotes after LIKE, found {Peek.Describe()}");
            }
            return new Like(left, _tokens[_next++].Text, not) { Position = at };
        }
        return left;
    }

    private static BinaryOperator? Comparison(TokenKind kind) => kind switch
    {
        TokenKind.Equal => BinaryOperator.Equal,
        TokenKind.NotEqual => BinaryOperator.NotEqual,
        TokenKind.Less => BinaryOperator.Less,
        TokenKind.LessOrEqual => BinaryOperator.LessOrEqual,
        TokenKind.Greater => BinaryOperator.Greater,
        TokenKind.GreaterOrEqual => BinaryOperator.GreaterOrEqual,
        _ => null,
    };

    private Expression Primary()
    {
        var token = Peek;
        switch (token.Kind)
        {
            case TokenKind.LeftParen:
                _next++;
                var inner = Expression();
                Expect(TokenKind.RightParen, "')'");
                return inner;
            case TokenKind.Number or TokenKind.String or TokenKind.Minus:
                return LiteralValue("a value");
            case TokenKind.Identifier when token.IsKeyword("TRUE") || token.IsKeyword("FALSE") || token.IsKeyword("NULL"):
                return LiteralValue("a value");
            case TokenKind.Identifier when !Reserved.Contains(token.Text):
                _next++;
                if (!Accept(TokenKind.LeftParen))
                {
                    return new ColumnReference(token.Text.ToLowerInvariant()) { Position = token.Position };
                }
                var name = token.Text.ToUpperInvariant();
                if (Accept(TokenKind.Star))
                {
                    Expect(TokenKind.RightParen, "')' after *");
                    return new FunctionCall(name, [], Star: true) { Position = token.Position };
                }
                var arguments = new List<Expression>();
                if (!Accept(TokenKind.RightParen))
                {
                    arguments.Add(Expression());
                    while (Accept(TokenKind.Comma))
                    {
                        if (arguments.Count == 4)
                        {
                            throw Error("a function takes at most 4 arguments");
                        }
                        arguments.Add(Expression());
                    }
                    Expect(TokenKind.RightParen, "',' or ')'");
                }
                return new FunctionCall(name, arguments) { Position = token.Position };
            default:
                throw Error($"expected a column, a value, a function or '(', found {token.Describe()}");
        }
    }

    private Literal LiteralValue(string what)
    {
        var token = Peek;
        var at = token.Position;
        var negative = token.Kind == TokenKind.Minus;
        if (negative)
        {
            _next++;
            token = Peek;
            if (token.Kind != TokenKind.Number)
            {
                throw Error($"expected a number after '-', found {token.Describe()}");
            }
        }
        object? value = token.Kind switch
        {
            TokenKind.Number => (negative ? -1 : 1) * double.Parse(token.Text, CultureInfo.InvariantCulture),
            TokenKind.String => token.Text,
            TokenKind.Identifier when token.IsKeyword("TRUE") => true,
            TokenKind.Identifier when token.IsKeyword("FALSE") => false,
            TokenKind.Identifier when token.IsKeyword("NULL") => null,
            _ => throw Error($"expected {what}, found {token.Describe()}"),
        };
        _next++;
        return new Literal(value) { Position = at };
    }

    private string Name(string what)
    {
        var token = Peek;
        if (token.Kind != TokenKind.Identifier || Reserved.Contains(token.Text))
        {
            throw Error($"expected {what}, found {token.Describe()}");
        }
        _next++;
        return token.Text.ToLowerInvariant();
    }

    private bool Accept(TokenKind kind)
    {
        if (Peek.Kind != kind)
        {
            return false;
        }
        _next++;
        return true;
    }

    private bool AcceptKeyword(string keyword)
    {
        if (!Peek.IsKeyword(keyword))
        {
            return false;
        }
        _next++;
        return true;
    }

    private void Expect(string keyword, string? expected = null)
    {
        if (!AcceptKeyword(keyword))
        {
            throw Error($"expected {expected ?? keyword}, found {Peek.Describe()}");
        }
    }

    private void Expect(TokenKind kind, string expected)
    {
        if (!Accept(kind))
        {
            throw Error($"expected {expected}, found {Peek.Describe()}");
        }
    }

    private QueryException Error(string problem) => new(problem, _text, Peek.Position);
}
