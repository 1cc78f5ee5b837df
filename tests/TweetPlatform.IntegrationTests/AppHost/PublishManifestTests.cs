using System.Text.Json;
using TweetPlatform.Hosting;

namespace TweetPlatform.IntegrationTests.AppHost;

/// <summary>
/// <c>--publisher manifest</c> describes the platform for deployment tools: every service, the gateway as the
/// external endpoint, and <c>kafka</c> as a parameter for a real cluster, with no embedded broker and no
/// temporary path in it.
/// </summary>
public sealed class PublishManifestTests
{
    private static readonly string[] Services = ["ingest", "push-gateway", "like-tracking", "analytics", "gateway"];

    [Fact]
    public async Task The_manifest_has_every_service_the_gateway_as_external_endpoint_and_kafka_as_a_parameter()
    {
        var directory = Path.Combine(RepositoryLayout.Root, "artifacts", "test-manifest", Guid.NewGuid().ToString("N"));
        var path = Path.Combine(directory, "aspire-manifest.json");
        try
        {
            var (exitCode, output) = await AppHostCommands.RunAsync(["--publisher", "manifest", "--output-path", path]);
            Assert.True(exitCode == 0, output);

            var text = await File.ReadAllTextAsync(path);
            var resources = JsonDocument.Parse(text).RootElement.GetProperty("resources");
            var names = resources.EnumerateObject().Select(r => r.Name).ToHashSet();
            Assert.Equal(["analytics", "gateway", "ingest", "kafka", "like-tracking", "operator-secret", "push-gateway", "webhook-secret"], names.Order());

            var kafka = resources.GetProperty("kafka");
            Assert.Equal("parameter.v0", kafka.GetProperty("type").GetString());
            Assert.True(kafka.GetProperty("inputs").GetProperty("value").GetProperty("secret").GetBoolean());
            Assert.True(resources.GetProperty("webhook-secret").GetProperty("inputs").GetProperty("value").GetProperty("secret").GetBoolean());
            Assert.True(resources.GetProperty("operator-secret").GetProperty("inputs").GetProperty("value").GetProperty("secret").GetBoolean());

            foreach (var service in Services)
            {
                var resource = resources.GetProperty(service);
                Assert.Equal("project.v0", resource.GetProperty("type").GetString());
                Assert.False(Path.IsPathRooted(resource.GetProperty("path").GetString()), $"{service}: the project path must be relative");
                if (service != "gateway")
                {
                    Assert.Equal("{kafka.connectionString}", resource.GetProperty("env").GetProperty("ConnectionStrings__kafka").GetString());
                    // Real Kafka: services create their topics (the embedded broker's setting stays out).
                    Assert.False(resource.GetProperty("env").TryGetProperty("Kafka__Topics__Provision", out _), service);
                }
            }
            Assert.Equal("{webhook-secret.value}", resources.GetProperty("ingest").GetProperty("env").GetProperty("Ingest__WebhookSecret").GetString());

            var gateway = resources.GetProperty("gateway");
            Assert.True(gateway.GetProperty("bindings").GetProperty("http").GetProperty("external").GetBoolean());
            Assert.Equal("http://push-gateway", gateway.GetProperty("env").GetProperty("ReverseProxy__Clusters__push-gateway__Destinations__d1__Address").GetString());
            foreach (var service in Services.Where(s => s != "gateway" && s != "analytics"))
            {
                Assert.False(resources.GetProperty(service).GetProperty("bindings").GetProperty("http").TryGetProperty("external", out var external) && external.GetBoolean(),
                    $"{service} must not be public");
            }

            Assert.DoesNotContain(Path.GetTempPath().TrimEnd('/'), text, StringComparison.Ordinal);
            Assert.DoesNotContain("bootstrap", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("DevKafka", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Simulator", text, StringComparison.Ordinal);
            Assert.DoesNotContain("ThreadPool", text, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }
}
