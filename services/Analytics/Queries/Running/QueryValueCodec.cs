using System.Globalization;

namespace TweetPlatform.Analytics.Queries.Running;

/// <summary>
/// A value as it is kept in state (the changelog's JSON keeps strings exactly): a type letter and the value,
/// <c>s|text</c>, <c>n|1.5</c>, <c>b|true</c>, <c>t|2026-12-02T10:00:00.0000000+00:00</c>; null stays null.
/// </summary>
public static class QueryValueCodec
{
    public static string? Encode(object? value) => value switch
    {
        null => null,
        string s => "s|" + s,
        double d => "n|" + d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "b|true" : "b|false",
        DateTimeOffset t => "t|" + t.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
        _ => throw new ArgumentException($"A query value is a string, a number, a bool or a time, not {value.GetType().Name}.", nameof(value)),
    };

    public static object? Decode(string? encoded) => encoded switch
    {
        null => null,
        ['s', '|', ..] => encoded[2..],
        ['n', '|', ..] => double.Parse(encoded.AsSpan(2), CultureInfo.InvariantCulture),
        ['b', '|', ..] => encoded[2..] == "true",
        ['t', '|', ..] => DateTimeOffset.Parse(encoded.AsSpan(2), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
        _ => throw new FormatException($"Not an encoded query value: '{encoded}'."),
    };

    /// <summary>
    /// A group's key in state: each grouped value's grouping form, length-prefixed (<c>7:s|kafka;</c>, <c>~;</c> for null),
    /// so no two groups share a key whatever their strings hold.
    /// </summary>
    public static string GroupKey(IEnumerable<object?> values)
    {
        var key = new System.Text.StringBuilder();
        foreach (var value in values)
        {
            var grouping = GroupingKey(value);
            key.Append(grouping is null ? "~" : $"{grouping.Length.ToString(CultureInfo.InvariantCulture)}:{grouping}").Append(';');
        }
        return key.ToString();
    }

    /// <summary>The grouping form: strings without case, so 'Kafka' and 'kafka' are one group (as = compares them).</summary>
    public static string? GroupingKey(object? value) => value is string s ? Encode(s.ToLowerInvariant()) : Encode(value);
}
