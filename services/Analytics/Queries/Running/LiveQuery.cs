using TweetPlatform.Analytics.Operators;
using TweetPlatform.Analytics.Queries.Language;
using TweetPlatform.Analytics.Queries.Planning;

namespace TweetPlatform.Analytics.Queries.Running;

/// <summary>
/// A planned query running on our stream-processing core. An aggregating query keeps one <see cref="GroupState"/> per
/// group and window in a changelog-backed store; stream time (the largest event time seen, also in a store) closes a
/// window once it passes the window's end plus grace, and a row for a closed window is late (counted, not added). Closed
/// windows stay in the result for <see cref="Retention"/> (the history a chart shows), then leave it. A query without
/// aggregates passes matching rows through, keeping the latest <see cref="MaxRows"/>. Result changes are taken apart
/// from applying rows (<see cref="TakeChanges"/>), so a burst of rows costs one computation per changed row of the result.
/// Restoring the stores restores the query exactly. Not thread-safe: one partition's processing owns it.
/// </summary>
public sealed class LiveQuery
{
    public const int MaxGroups = 10_000;
    public const int MaxDistinctValues = 10_000;
    public const int MaxRows = 100;

    /// <summary>The one window of an aggregating query without WINDOW.</summary>
    public static readonly TimeWindow AllTime = new(DateTimeOffset.MinValue, DateTimeOffset.MaxValue);

    private readonly IReadOnlyList<FunctionCall> _aggregates;

    // The plan's expressions compiled once: over a row (WHERE, GROUP BY, aggregates' arguments, a pass-through's
    // columns) and over a group in a window (HAVING, an aggregating query's columns).
    private readonly Func<QueryRow, object?>? _where;
    private readonly Func<QueryRow, object?>[] _groupBy;
    private readonly Func<QueryRow, object?>?[] _arguments;
    private readonly Func<QueryRow, object?>[] _passedColumns;
    private readonly Func<GroupInWindow, object?>? _having;
    private readonly Func<GroupInWindow, object?>[] _groupColumns;
    private readonly HashSet<WindowedKey<string>> _touched = [];
    private readonly List<QueryResultChange> _passedThrough = [];

    /// <summary>The group rows its consumers have as shown; made from the state at the first row or take (after a restore too).</summary>
    private HashSet<WindowedKey<string>>? _shown;

    // The result's group rows as of the last refresh, and the groups changed since: an emission computes only those
    // again, not every group of the result (a hopping per-author query holds thousands).
    private SortedDictionary<WindowedKey<string>, QueryResultChange>? _rows;

    /// <summary>The result's order: newest window first, then by group key; so the rows shown first need no sort of all.</summary>
    private static readonly IComparer<WindowedKey<string>> ResultOrder = Comparer<WindowedKey<string>>.Create((a, b) =>
    {
        var byWindow = b.Window.CompareTo(a.Window);
        return byWindow != 0 ? byWindow : string.CompareOrdinal(a.Key, b.Key);
    });
    private readonly HashSet<WindowedKey<string>> _stale = [];

    public LiveQuery(string name, QueryPlan plan, TimeSpan grace, StateStores? stores = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(grace, TimeSpan.Zero);
        Plan = plan;
        Grace = grace;
        stores ??= new StateStores();
        Groups = stores.Add<WindowedKey<string>, GroupState>($"{name}.groups", WindowedKey<string>.Order(StringComparer.Ordinal));
        Rows = stores.Add<long, string?[]>($"{name}.rows");
        ObservedEventTime = new ObservedEventTime($"{name}.stream-time", stores);
        _aggregates = plan.Statement.Select.Select(s => s.Expression)
            .Concat(plan.Statement.Having is { } having ? [having] : [])
            .SelectMany(AggregatesIn).Distinct().ToList();
        var statement = plan.Statement;
        _where = statement.Where is { } where ? Evaluator.Compile<QueryRow>(where, ColumnOf) : null;
        _groupBy = [.. statement.GroupBy.Select(e => Evaluator.Compile<QueryRow>(e, ColumnOf))];
        _arguments = [.. _aggregates.Select(call => call.Star ? null : Evaluator.Compile<QueryRow>(call.Arguments[0], ColumnOf))];
        _passedColumns = plan.Aggregates ? [] : [.. statement.Select.Select(s => Evaluator.Compile<QueryRow>(s.Expression, ColumnOf))];
        _having = plan.Aggregates && statement.Having is { } condition ? Evaluator.Compile<GroupInWindow>(condition, GroupValueOf) : null;
        _groupColumns = plan.Aggregates ? [.. statement.Select.Select(s => Evaluator.Compile<GroupInWindow>(s.Expression, GroupValueOf))] : [];
        Retention = plan.Windowing switch
        {
            HoppingWindows hopping => Min(QueryLimits.MaxWindow, Max(hopping.Size, hopping.Advance * 60)),
            { } windows => Min(QueryLimits.MaxWindow, windows.Size * 60),
            null => TimeSpan.Zero,
        };
    }

    public QueryPlan Plan { get; }
    public TimeSpan Grace { get; }

    /// <summary>How long a closed window stays in the result.</summary>
    public TimeSpan Retention { get; }

    public StateStore<WindowedKey<string>, GroupState> Groups { get; }

    /// <summary>A pass-through query's latest rows by sequence number, their values encoded.</summary>
    public StateStore<long, string?[]> Rows { get; }

    public ObservedEventTime ObservedEventTime { get; }

    /// <summary>Rows late for at least one of their windows, since this instance started.</summary>
    public long LateRows { get; private set; }

    /// <summary>
    /// Applies one row to the state. What it changed in the result is taken with <see cref="TakeChanges"/>, coalesced: a
    /// group row touched by many rows in between is computed once, when it is taken (e.g. at a rate-limited emission).
    /// </summary>
    /// <exception cref="QueryLimitExceededException">The query would hold more groups or distinct values than allowed.</exception>
    public void Apply(QueryRow row)
    {
        _shown ??= [.. CurrentRows().Keys];
        var streamTime = ObservedEventTime.Advance(row.EventTime);
        if (_where is { } where && !Evaluator.IsTrue(where(row)))
        {
            Expire(streamTime);
            return;
        }
        if (!Plan.Aggregates)
        {
            PassThrough(row);
            return;
        }
        var windows = Plan.Windowing?.WindowsFor(row.EventTime) ?? [AllTime];
        var open = Plan.Windowing is null ? windows : windows.Where(w => !w.IsClosedAt(streamTime, Grace)).ToList();
        if (open.Count < windows.Count)
        {
            LateRows++;
        }
        var keys = new object?[_groupBy.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = _groupBy[i](row);
        }
        var groupKey = QueryValueCodec.GroupKey(keys);
        foreach (var window in open)
        {
            var key = new WindowedKey<string>(groupKey, window);
            if (!Groups.TryGet(key, out var state))
            {
                if (Groups.Count >= MaxGroups)
                {
                    throw new QueryLimitExceededException($"the query holds more than {MaxGroups:N0} groups and windows");
                }
                state = GroupState.Empty([.. keys.Select(QueryValueCodec.Encode)], _aggregates.Count);
            }
            Accumulate(state, row);
            Groups.Put(key, state);
            Touch(key);
        }
        Expire(streamTime);
    }

    /// <summary>
    /// What changed in the result since the last call: each touched group row with its values now (or its removal, when
    /// it left the result: HAVING stopped holding, or its window's retention passed), then passed-through rows in order.
    /// </summary>
    public IReadOnlyList<QueryResultChange> TakeChanges()
    {
        _shown ??= [.. CurrentRows().Keys];
        var rows = CurrentRows();
        var changes = new List<QueryResultChange>();
        foreach (var key in _touched.Order(Groups.KeyOrder))
        {
            if (rows.TryGetValue(key, out var row))
            {
                _shown.Add(key);
                changes.Add(row);
            }
            else if (_shown.Remove(key))
            {
                changes.Add(new QueryResultChange(key.Key, Windowed(key.Window), null));
            }
        }
        _touched.Clear();
        changes.AddRange(_passedThrough);
        _passedThrough.Clear();
        return changes;
    }

    /// <summary>
    /// The result table now: every shown group row, newest window first, then by group key; or the latest passed-through
    /// rows, oldest first.
    /// </summary>
    public IReadOnlyList<QueryResultChange> Result() =>
        Plan.Aggregates
            ? [.. CurrentRows().Values]
            : [.. Rows.Entries.Select(e => new QueryResultChange(RowKey(e.Key), null, e.Value.Select(QueryValueCodec.Decode).ToList()))];

    private TimeWindow? Windowed(TimeWindow window) => Plan.Windowing is null ? null : window;

    private void Touch(WindowedKey<string> key)
    {
        _touched.Add(key);
        _stale.Add(key);
    }

    /// <summary>The shown group rows in the result's order: the groups changed since the last call computed again, the rest as they were.</summary>
    private SortedDictionary<WindowedKey<string>, QueryResultChange> CurrentRows()
    {
        if (_rows is null)
        {
            _rows = new SortedDictionary<WindowedKey<string>, QueryResultChange>(ResultOrder);
            foreach (var (key, state) in ShownEntries())
            {
                _rows[key] = Row(key, state);
            }
            _stale.Clear();
            return _rows;
        }
        foreach (var key in _stale)
        {
            if (Groups.TryGet(key, out var state) && Shown(state, key.Window))
            {
                _rows[key] = Row(key, state);
            }
            else
            {
                _rows.Remove(key);
            }
        }
        _stale.Clear();
        return _rows;
    }

    private QueryResultChange Row(WindowedKey<string> key, GroupState state) => new(key.Key, Windowed(key.Window), Values(state, key.Window));

    private void PassThrough(QueryRow row)
    {
        var values = _passedColumns.Select(column => column(row)).ToList();
        var sequence = Rows.Count == 0 ? 0 : Rows.Entries.Last().Key + 1;
        Rows.Put(sequence, [.. values.Select(QueryValueCodec.Encode)]);
        _passedThrough.Add(new QueryResultChange(RowKey(sequence), null, values));
        while (Rows.Count > MaxRows)
        {
            var oldest = Rows.Entries.First().Key;
            Rows.Delete(oldest);
            _passedThrough.Add(new QueryResultChange(RowKey(oldest), null, null));
        }
    }

    private IEnumerable<KeyValuePair<WindowedKey<string>, GroupState>> ShownEntries() =>
        Plan.Aggregates ? Groups.Entries.Where(e => Shown(e.Value, e.Key.Window)) : [];

    private static string RowKey(long sequence) => sequence.ToString("D19", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Closed windows past their retention leave the state and the result.</summary>
    private void Expire(DateTimeOffset streamTime)
    {
        if (Plan.Windowing is null)
        {
            return;
        }
        List<WindowedKey<string>>? expired = null;
        foreach (var (key, _) in Groups.Entries)
        {
            if (!key.Window.IsClosedAt(streamTime, Grace + Retention))
            {
                break; // oldest window first, all of one size
            }
            (expired ??= []).Add(key);
        }
        foreach (var key in expired ?? [])
        {
            Groups.Delete(key);
            Touch(key);
        }
    }

    private void Accumulate(GroupState state, QueryRow row)
    {
        state.Rows++;
        for (var i = 0; i < _aggregates.Count; i++)
        {
            if (_arguments[i] is not { } argument)
            {
                continue; // COUNT(*)
            }
            var call = _aggregates[i];
            var value = argument(row);
            if (value is null)
            {
                continue;
            }
            state.Counts[i]++;
            switch (call.Name)
            {
                case "SUM" or "AVG":
                    state.Sums[i] += (double)value;
                    break;
                case "MIN" or "MAX":
                    var extreme = QueryValueCodec.Decode(state.Extremes[i]);
                    var order = extreme is null ? 0 : Evaluator.Order(value, extreme);
                    if (extreme is null || (call.Name == "MIN" ? order < 0 : order > 0))
                    {
                        state.Extremes[i] = QueryValueCodec.Encode(value);
                    }
                    break;
                case "COUNT_DISTINCT" or "TOPK":
                    var frequencies = state.Frequencies[i] ??= new Dictionary<string, long>(StringComparer.Ordinal);
                    var key = QueryValueCodec.GroupingKey(value)!;
                    if (!frequencies.ContainsKey(key) && frequencies.Count >= MaxDistinctValues)
                    {
                        throw new QueryLimitExceededException($"{call.Name} holds more than {MaxDistinctValues:N0} distinct values in one group");
                    }
                    frequencies[key] = frequencies.GetValueOrDefault(key) + 1;
                    break;
            }
        }
    }

    private bool Shown(GroupState state, TimeWindow window) => _having is not { } having || Evaluator.IsTrue(having(new GroupInWindow(state, window)));

    private List<object?> Values(GroupState state, TimeWindow window)
    {
        var group = new GroupInWindow(state, window);
        var values = new List<object?>(_groupColumns.Length);
        foreach (var column in _groupColumns)
        {
            values.Add(column(group));
        }
        return values;
    }

    /// <summary>What a group's expressions read: its grouped values, its window's bounds, its aggregates.</summary>
    private Func<GroupInWindow, object?>? GroupValueOf(Expression expression)
    {
        var grouped = IndexOf(Plan.Statement.GroupBy, expression);
        if (grouped >= 0)
        {
            return group => QueryValueCodec.Decode(group.State.Keys[grouped]);
        }
        if (expression is ColumnReference { Name: StreamSchema.WindowStart })
        {
            return group => group.Window.Start;
        }
        if (expression is ColumnReference { Name: StreamSchema.WindowEnd })
        {
            return group => group.Window.End;
        }
        if (expression is FunctionCall call && QueryFunctions.IsAggregate(call.Name))
        {
            var i = IndexOf(_aggregates, call);
            return group => AggregateValue(group.State, i, call);
        }
        return null;
    }

    private static object? AggregateValue(GroupState state, int i, FunctionCall call) => call.Name switch
    {
        "COUNT" when call.Star => (double)state.Rows,
        "COUNT" => (double)state.Counts[i],
        "COUNT_DISTINCT" => (double)(state.Frequencies[i]?.Count ?? 0),
        "SUM" => state.Counts[i] == 0 ? null : state.Sums[i],
        "AVG" => state.Counts[i] == 0 ? null : state.Sums[i] / state.Counts[i],
        "MIN" or "MAX" => QueryValueCodec.Decode(state.Extremes[i]),
        _ => (state.Frequencies[i] ?? [])
            .OrderByDescending(f => f.Value).ThenBy(f => f.Key, StringComparer.Ordinal)
            .Take((int)(double)((Literal)call.Arguments[1]).Value!)
            .Select(f => new RankedValue(QueryValueCodec.Decode(f.Key), f.Value)).ToList(),
    };

    private static Func<QueryRow, object?>? ColumnOf(Expression expression) =>
        expression is ColumnReference { Name: var name } ? row => row[name] : null;

    private readonly record struct GroupInWindow(GroupState State, TimeWindow Window);

    private static int IndexOf<T>(IReadOnlyList<T> list, T item) where T : Expression
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i].Equals(item))
            {
                return i;
            }
        }
        return -1;
    }

    private static IEnumerable<FunctionCall> AggregatesIn(Expression expression) => expression switch
    {
        FunctionCall call when QueryFunctions.IsAggregate(call.Name) => [call],
        FunctionCall call => call.Arguments.SelectMany(AggregatesIn),
        Binary binary => AggregatesIn(binary.Left).Concat(AggregatesIn(binary.Right)),
        Not not => AggregatesIn(not.Operand),
        InList list => AggregatesIn(list.Value),
        Like like => AggregatesIn(like.Value),
        IsNull isNull => AggregatesIn(isNull.Value),
        _ => [],
    };

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
