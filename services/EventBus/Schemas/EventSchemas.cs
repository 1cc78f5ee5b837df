using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;

namespace TweetPlatform.EventBus.Schemas;

/// <summary>
/// The JSON Schema of every registered event contract, exported from its .NET type by System.Text.Json
/// (the same source-generated metadata the platform serializes with). Checked in next to the contracts as the
/// published schemas; the compatibility check and the SPA's generated types read those files.
/// </summary>
public static class EventSchemas
{
    public const string Folder = "services/Contracts/Schemas";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The registrations that have a JSON contract (a schema); in event type order.</summary>
    public static IReadOnlyList<EventRegistration> Contracts(EventRegistry registry) =>
        registry.All.Where(r => r.JsonTypeInfo is not null).OrderBy(r => r.EventType, StringComparer.Ordinal).ToList();

    public static string FileName(EventRegistration registration) => $"{registration.EventType}.schema.json";

    /// <summary>The schema of one contract, titled with its event type and topic.</summary>
    public static JsonObject Export(EventRegistration registration)
    {
        var typeInfo = registration.JsonTypeInfo ?? throw new ArgumentException($"{registration.EventType} has no JSON contract.", nameof(registration));
        var exported = JsonSchemaExporter.GetJsonSchemaAsNode(typeInfo, new JsonSchemaExporterOptions { TreatNullObliviousAsNonNullable = true });
        var schema = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["title"] = registration.EventType,
            ["x-contract"] = registration.Contract!.Name,
            ["x-topic"] = registration.Topic,
        };
        foreach (var (name, value) in exported.AsObject().ToList())
        {
            schema[name] = value?.DeepClone();
        }
        return schema;
    }

    /// <summary>The text a schema file holds: indented, LF line ends, one trailing newline.</summary>
    public static string ToFileText(JsonNode schema) => schema.ToJsonString(Indented).ReplaceLineEndings("\n") + "\n";
}
