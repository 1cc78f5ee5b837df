using System.Buffers;
using System.Globalization;
using System.Text.Json;
using TweetPlatform.Analytics.Queries.Planning;
using TweetPlatform.Contracts.Events;

namespace TweetPlatform.Analytics.Queries.Running;

/// <summary>A live query's result as the results topic carries it: whole, newest window first, cut at <see cref="LiveQueryResultChanged.MaxRows"/>.</summary>
public static class QueryResults
{
    public static IReadOnlyList<LiveQueryColumn> ColumnsOf(QueryPlan plan) =>
        [.. plan.Columns.Select(c => new LiveQueryColumn(c.Name, c.Type.ToString().ToLowerInvariant()))];

    public static LiveQueryResultChanged Of(LiveQueryChanged definition, LiveQuery query, string status, string? reason, DateTimeOffset now)
    {
        var rows = query.Result();
        // Group rows come newest window first, then by key; passed-through rows oldest first.
        var ordered = query.Plan.Aggregates ? rows : rows.AsEnumerable().Reverse();
        return new LiveQueryResultChanged
        {
            QueryId = definition.QueryId,
            Name = definition.Name,
            Status = status,
            Reason = reason,
            Windowed = query.Plan.Windowed,
            Columns = ColumnsOf(query.Plan),
            Rows = [.. ordered.Take(LiveQueryResultChanged.MaxRows).Select(r => Row(r.Values!))],
            TotalRows = rows.Count,
            StreamTime = query.ObservedEventTime.Current,
            ChangedAt = now,
        };
    }

    /// <summary>A result without rows: a query that is not running here (deleted, or stopped before it ran).</summary>
    public static LiveQueryResultChanged Empty(LiveQueryChanged definition, QueryPlan? plan, string status, string? reason, DateTimeOffset now) => new()
    {
        QueryId = definition.QueryId,
        Name = definition.Name,
        Status = status,
        Reason = reason,
        Windowed = plan?.Windowed ?? false,
        Columns = plan is null ? [] : ColumnsOf(plan),
        Rows = [],
        TotalRows = 0,
        ChangedAt = now,
    };

    private static IReadOnlyList<JsonElement> Row(IReadOnlyList<object?> values)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var value in values)
            {
                Write(writer, value);
            }
            writer.WriteEndArray();
        }
        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return [.. document.RootElement.EnumerateArray().Select(e => e.Clone())];
    }

    private static void Write(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case double number when double.IsFinite(number):
                writer.WriteNumberValue(number);
                break;
            case double:
                writer.WriteNullValue(); // JSON has no NaN or infinity
                break;
            case long whole:
                writer.WriteNumberValue(whole);
                break;
            case DateTimeOffset time:
                writer.WriteStringValue(time.ToString("O", CultureInfo.InvariantCulture));
                break;
            case IEnumerable<RankedValue> ranking:
                writer.WriteStartArray();
                foreach (var ranked in ranking)
                {
                    writer.WriteStartObject();
                    writer.WritePropertyName("value");
                    Write(writer, ranked.Value);
                    writer.WriteNumber("count", ranked.Count);
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
                break;
            default:
                writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }
}
