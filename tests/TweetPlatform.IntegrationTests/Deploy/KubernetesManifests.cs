using System.Text.Json.Nodes;
using TweetPlatform.IntegrationTests.Infrastructure;
using YamlDotNet.Serialization;

namespace TweetPlatform.IntegrationTests.Deploy;

/// <summary>A Kustomize directory rendered by <c>kubectl kustomize</c>, as the resources a cluster would get.</summary>
public sealed class KubernetesManifests(IReadOnlyList<JsonObject> resources)
{
    public IReadOnlyList<JsonObject> Resources { get; } = resources;

    public static async Task<KubernetesManifests> RenderAsync(string directory)
    {
        var (exit, yaml) = await ShellCommand.RunAsync("kubectl", ["kustomize", directory], TimeSpan.FromSeconds(60));
        Assert.True(exit == 0, $"kubectl kustomize {directory} failed: {yaml}");
        var deserializer = new DeserializerBuilder().Build();
        var json = new SerializerBuilder().JsonCompatible().Build();
        var documents = yaml.Split("\n---\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(document => deserializer.Deserialize<object>(document))
            .Where(document => document is not null)
            .Select(document => JsonNode.Parse(json.Serialize(document))!.AsObject())
            .ToList();
        return new KubernetesManifests(documents);
    }

    public IEnumerable<JsonObject> OfKind(string kind) => Resources.Where(r => (string?)r["kind"] == kind);

    public JsonObject Named(string kind, string name) =>
        OfKind(kind).SingleOrDefault(r => (string?)r["metadata"]!["name"] == name) ?? throw new Xunit.Sdk.XunitException($"no {kind} {name}");
}
