using System.Text.Json.Nodes;

namespace TweetPlatform.EventBus.Schemas;

/// <summary>
/// Whether a contract's current schema can replace its published one under the same event type (same topic):
/// every record already written must still be read, and every reader already deployed must still read new
/// records. So no required field may be added, removed, renamed or made optional, and no field's type may
/// change, at any depth. Optional fields may come and go. Anything else needs a new major version: a new
/// event type and a new topic.
/// </summary>
public static class SchemaCompatibility
{
    /// <summary>The backward-incompatible differences; empty when compatible.</summary>
    public static IReadOnlyList<string> Problems(JsonNode published, JsonNode current)
    {
        var problems = new List<string>();
        Compare(published, current, "$", problems);
        return problems;
    }

    private static void Compare(JsonNode? published, JsonNode? current, string path, List<string> problems)
    {
        if (published is not JsonObject before || current is not JsonObject after)
        {
            return;
        }
        var typesBefore = Types(before);
        var typesAfter = Types(after);
        if (!typesBefore.SetEquals(typesAfter))
        {
            problems.Add($"{path}: type changed from {Describe(typesBefore)} to {Describe(typesAfter)}");
            return;
        }

        var requiredBefore = Required(before);
        var requiredAfter = Required(after);
        var propertiesAfter = after["properties"] as JsonObject;
        foreach (var name in requiredBefore.Where(n => !requiredAfter.Contains(n)))
        {
            problems.Add(propertiesAfter?.ContainsKey(name) == true
                ? $"{path}.{name}: a required field was made optional"
                : $"{path}.{name}: a required field was removed or renamed");
        }
        foreach (var name in requiredAfter.Where(n => !requiredBefore.Contains(n)))
        {
            problems.Add($"{path}.{name}: a required field was added");
        }
        if (before["properties"] is JsonObject propertiesBefore && propertiesAfter is not null)
        {
            foreach (var (name, schema) in propertiesBefore)
            {
                if (propertiesAfter.TryGetPropertyValue(name, out var now))
                {
                    Compare(schema, now, $"{path}.{name}", problems);
                }
            }
        }
        Compare(before["items"], after["items"], $"{path}[]", problems);
    }

    private static HashSet<string> Types(JsonObject schema) => schema["type"] switch
    {
        JsonValue single => [single.GetValue<string>()],
        JsonArray many => many.Select(t => t!.GetValue<string>()).ToHashSet(StringComparer.Ordinal),
        _ => [],
    };

    private static HashSet<string> Required(JsonObject schema) =>
        (schema["required"] as JsonArray)?.Select(n => n!.GetValue<string>()).ToHashSet(StringComparer.Ordinal) ?? [];

    private static string Describe(HashSet<string> types) =>
        types.Count == 0 ? "any" : string.Join(" | ", types.Order(StringComparer.Ordinal));
}
