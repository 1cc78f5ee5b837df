using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using TweetPlatform.Contracts;
using TweetPlatform.EventBus;
using TweetPlatform.EventBus.Schemas;
using TweetPlatform.SchemaExport;

namespace TweetPlatform.UnitTests.Contracts;

/// <summary>
/// The published JSON Schemas of the event contracts (checked in under services/Contracts/Schemas) against the
/// .NET types: a backward-incompatible change to a published event type fails here, a compatible one that was
/// not exported fails here too, and so do SPA types that no longer match.
/// </summary>
public sealed partial class SchemaCompatibilityTests
{
    private const string Regenerate = "run `dotnet run --project tools/SchemaExport` and commit the result";

    public static TheoryData<string> ContractEventTypes() =>
        [.. EventSchemas.Contracts(IntegrationEvents.Registry).Select(r => r.EventType)];

    [Theory]
    [MemberData(nameof(ContractEventTypes))]
    public void Each_contract_is_backward_compatible_with_its_published_schema(string eventType)
    {
        var registration = IntegrationEvents.Registry.All.Single(r => r.EventType == eventType);
        var path = Path.Combine(RepositoryFolder.Root, EventSchemas.Folder, EventSchemas.FileName(registration));
        Assert.True(File.Exists(path), $"{eventType} has no published schema at {path}: {Regenerate}.");

        var problems = SchemaCompatibility.Problems(JsonNode.Parse(File.ReadAllText(path))!, EventSchemas.Export(registration));

        Assert.True(problems.Count == 0,
            $"{registration.Contract!.Name} changed incompatibly for {eventType}; publish a new major version (a new event type and topic) instead:\n"
            + string.Join("\n", problems));
    }

    [Theory]
    [MemberData(nameof(ContractEventTypes))]
    public void Each_published_schema_is_what_its_contract_exports_now(string eventType)
    {
        var registration = IntegrationEvents.Registry.All.Single(r => r.EventType == eventType);
        var path = Path.Combine(RepositoryFolder.Root, EventSchemas.Folder, EventSchemas.FileName(registration));

        Assert.True(EventSchemas.ToFileText(EventSchemas.Export(registration)) == File.ReadAllText(path),
            $"{path} is stale: {Regenerate}.");
    }

    [Fact]
    public void The_spa_types_are_generated_from_the_published_schemas()
    {
        var published = EventSchemas.Contracts(IntegrationEvents.Registry)
            .Select(r => JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryFolder.Root, EventSchemas.Folder, EventSchemas.FileName(r))))!.AsObject())
            .ToList();

        var generated = TypeScriptContracts.Generate(published);

        Assert.True(generated == File.ReadAllText(Path.Combine(RepositoryFolder.Root, TypeScriptContracts.File)),
            $"{TypeScriptContracts.File} is stale: {Regenerate}.");
        Assert.Contains("export interface TweetReceived {", generated);
        Assert.Contains("  readonly tweetId: string;", generated);
        Assert.Contains("  readonly conference?: string | null;", generated);
    }

    [Fact]
    public void Every_json_contract_of_the_registry_has_a_schema_and_the_changelog_entries_do_not()
    {
        var withSchemas = EventSchemas.Contracts(IntegrationEvents.Registry).Select(r => r.Topic).ToHashSet();

        Assert.Equal(Topics.All.Count(t => t.Name is not Topics.DeadLetter) - 1, withSchemas.Count);
        Assert.DoesNotContain(Topics.AnalyticsChangelog, withSchemas);
    }

    [Fact]
    public void Adding_a_required_field_is_incompatible() =>
        Assert.Equal(["$.language: a required field was added"], Compare(Json.Default.V1, Json.Default.RequiredAdded));

    [Fact]
    public void Removing_or_renaming_a_required_field_is_incompatible()
    {
        Assert.Equal(["$.text: a required field was removed or renamed"], Compare(Json.Default.V1, Json.Default.RequiredRemoved));
        Assert.Equal(["$.text: a required field was removed or renamed", "$.body: a required field was added"],
            Compare(Json.Default.V1, Json.Default.RequiredRenamed));
    }

    [Fact]
    public void Making_a_required_field_optional_is_incompatible() =>
        // Made nullable too: a reader that requires the field cannot take a null either.
        Assert.Equal(["$.text: a required field was made optional", "$.text: type changed from string to null | string"],
            Compare(Json.Default.V1, Json.Default.RequiredMadeOptional));

    [Fact]
    public void Changing_a_type_is_incompatible_at_any_depth()
    {
        Assert.Equal(["$.text: type changed from string to boolean"], Compare(Json.Default.V1, Json.Default.TextRetyped));
        Assert.Equal(["$.tags[]: type changed from string to integer | string"], Compare(Json.Default.V1, Json.Default.TagsRetyped));
    }

    [Fact]
    public void Adding_or_removing_an_optional_field_is_compatible()
    {
        Assert.Empty(Compare(Json.Default.V1, Json.Default.OptionalAdded));
        Assert.Empty(Compare(Json.Default.OptionalAdded, Json.Default.V1));
    }

    private static IReadOnlyList<string> Compare<TBefore, TAfter>(JsonTypeInfo<TBefore> before, JsonTypeInfo<TAfter> after) =>
        SchemaCompatibility.Problems(
            EventSchemas.Export(new EventRegistration<TBefore>("test.v1", "test.v1", before)),
            EventSchemas.Export(new EventRegistration<TAfter>("test.v1", "test.v1", after)));

    internal sealed record V1
    {
        public required string Text { get; init; }
        public IReadOnlyList<string> Tags { get; init; } = [];
    }

    internal sealed record RequiredAdded
    {
        public required string Text { get; init; }
        public IReadOnlyList<string> Tags { get; init; } = [];
        public required string Language { get; init; }
    }

    internal sealed record RequiredRemoved
    {
        public IReadOnlyList<string> Tags { get; init; } = [];
    }

    internal sealed record RequiredRenamed
    {
        public required string Body { get; init; }
        public IReadOnlyList<string> Tags { get; init; } = [];
    }

    internal sealed record RequiredMadeOptional
    {
        public string? Text { get; init; }
        public IReadOnlyList<string> Tags { get; init; } = [];
    }

    internal sealed record TextRetyped
    {
        public required bool Text { get; init; }
        public IReadOnlyList<string> Tags { get; init; } = [];
    }

    internal sealed record TagsRetyped
    {
        public required string Text { get; init; }
        public IReadOnlyList<int> Tags { get; init; } = [];
    }

    internal sealed record OptionalAdded
    {
        public required string Text { get; init; }
        public IReadOnlyList<string> Tags { get; init; } = [];
        public string? Language { get; init; }
    }

    [JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, RespectNullableAnnotations = true)]
    [JsonSerializable(typeof(V1))]
    [JsonSerializable(typeof(RequiredAdded))]
    [JsonSerializable(typeof(RequiredRemoved))]
    [JsonSerializable(typeof(RequiredRenamed))]
    [JsonSerializable(typeof(RequiredMadeOptional))]
    [JsonSerializable(typeof(TextRetyped))]
    [JsonSerializable(typeof(TagsRetyped))]
    [JsonSerializable(typeof(OptionalAdded))]
    internal sealed partial class Json : JsonSerializerContext;
}
