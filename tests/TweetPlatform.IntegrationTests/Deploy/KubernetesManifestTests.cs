using System.Globalization;
using System.Text.Json.Nodes;
using TweetPlatform.Contracts;

namespace TweetPlatform.IntegrationTests.Deploy;

/// <summary>
/// The Kubernetes manifests (deploy/k8s/base) as a cluster gets them: probes, limits, disruption budgets and
/// replica counts every service needs, an SSE-safe Ingress, the webhook secret from a Secret, and Kafka topics
/// equal to the ones the code declares.
/// </summary>
public sealed class KubernetesManifestTests
{
    private static readonly string Base = Path.Combine(Hosting.RepositoryLayout.Root, "deploy", "k8s", "base");
    // Rendered once for all the tests here; they only read it.
    private static readonly Lazy<Task<KubernetesManifests>> Rendered = new(() => KubernetesManifests.RenderAsync(Base));
    private static readonly string[] Services = ["ingest", "push-gateway", "like-tracking", "analytics", "gateway"];

    private static JsonObject Container(JsonObject deployment) => deployment["spec"]!["template"]!["spec"]!["containers"]![0]!.AsObject();

    private static int Int(JsonNode? node) => int.Parse(node!.ToString(), CultureInfo.InvariantCulture);

    [Fact]
    public async Task Every_service_is_a_probed_limited_non_root_deployment_with_a_disruption_budget_and_a_service()
    {
        var manifests = await Rendered.Value;
        Assert.Equal(Services.Order(), manifests.OfKind("Deployment").Select(d => (string)d["metadata"]!["name"]!).Order());
        foreach (var name in Services)
        {
            var deployment = manifests.Named("Deployment", name);
            var pod = deployment["spec"]!["template"]!["spec"]!;
            var container = Container(deployment);
            Assert.Equal($"tweetplatform/{name}:0.1.0", (string?)container["image"]);
            Assert.Equal("/health", (string?)container["readinessProbe"]!["httpGet"]!["path"]);
            Assert.Equal("/alive", (string?)container["livenessProbe"]!["httpGet"]!["path"]);
            Assert.Equal(8080, Int(container["ports"]![0]!["containerPort"]));
            Assert.NotNull(container["resources"]!["requests"]!["cpu"]);
            Assert.NotNull(container["resources"]!["requests"]!["memory"]);
            Assert.NotNull(container["resources"]!["limits"]!["memory"]);
            Assert.Equal(1654, Int(pod["securityContext"]!["runAsUser"]));
            Assert.Equal("true", pod["securityContext"]!["runAsNonRoot"]!.ToString(), ignoreCase: true);
            // Longer than a service's own shutdown: it finishes its batch and commits (ConsumerShutdown), ~5 s at most.
            Assert.InRange(Int(pod["terminationGracePeriodSeconds"]), 30, 120);
            Assert.Equal("tweetplatform-settings", (string?)container["envFrom"]![0]!["configMapRef"]!["name"]);

            var budget = manifests.Named("PodDisruptionBudget", name);
            Assert.Equal(name, (string?)budget["spec"]!["selector"]!["matchLabels"]!["app.kubernetes.io/name"]);
            Assert.Equal(name, (string?)manifests.Named("Service", name)["spec"]!["selector"]!["app.kubernetes.io/name"]);
        }
    }

    [Fact]
    public async Task Replica_counts_fit_the_platform_push_gateway_has_two_and_consumer_groups_no_more_than_partitions()
    {
        var manifests = await Rendered.Value;
        int Replicas(string name) => Int(manifests.Named("Deployment", name)["spec"]!["replicas"]);
        int Partitions(string topic) => Topics.All.Single(t => t.Name == topic).Partitions;

        Assert.True(Replicas("push-gateway") >= 2);
        Assert.InRange(Replicas("like-tracking"), 1, Partitions(Topics.Likes));
        Assert.InRange(Replicas("analytics"), 1, Partitions(Topics.Tweets));
    }

    [Fact]
    public async Task The_gateway_ingress_neither_buffers_nor_times_out_streams_and_the_webhook_and_operator_secrets_come_from_secrets()
    {
        var manifests = await Rendered.Value;
        var ingress = manifests.Named("Ingress", "gateway");
        var annotations = ingress["metadata"]!["annotations"]!;
        Assert.Equal("off", (string?)annotations["nginx.ingress.kubernetes.io/proxy-buffering"]);
        Assert.True(Int(annotations["nginx.ingress.kubernetes.io/proxy-read-timeout"]) >= 3600);
        Assert.Equal("gateway", (string?)ingress["spec"]!["rules"]![0]!["http"]!["paths"]![0]!["backend"]!["service"]!["name"]);

        foreach (var (service, setting, secretName) in new[]
        {
            ("ingest", "Ingest__WebhookSecret", "tweetplatform-webhook"),
            ("analytics", "Analytics__OperatorSecret", "tweetplatform-operator"),
        })
        {
            var secret = Container(manifests.Named("Deployment", service))["env"]!.AsArray().Single(e => (string?)e!["name"] == setting)!;
            Assert.Null(secret["value"]);
            Assert.Equal(secretName, (string?)secret["valueFrom"]!["secretKeyRef"]!["name"]);
        }
        Assert.DoesNotContain(manifests.OfKind("ConfigMap").SelectMany(c => c["data"]!.AsObject()), e => e.Key.Contains("Secret", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Every_cluster_the_gateway_proxies_to_has_the_address_of_that_services_service()
    {
        var manifests = await Rendered.Value;
        var settings = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Hosting.RepositoryLayout.Root, "gateway", "appsettings.json")))!;
        var clusters = settings["ReverseProxy"]!["Clusters"]!.AsObject().Select(c => c.Key).ToList();
        var env = Container(manifests.Named("Deployment", "gateway"))["env"]!.AsArray()
            .ToDictionary(e => (string)e!["name"]!, e => (string?)e!["value"]);

        Assert.Contains("analytics", clusters);
        foreach (var cluster in clusters)
        {
            var address = env.GetValueOrDefault($"ReverseProxy__Clusters__{cluster}__Destinations__d1__Address");
            Assert.True(address is not null, $"the gateway has no address for its cluster {cluster}");
            var uri = new Uri(address);
            var service = manifests.Named("Service", uri.Host);
            Assert.Contains(service["spec"]!["ports"]!.AsArray(), p => Int(p!["port"]) == uri.Port);
        }
    }

    [Fact]
    public async Task The_kafka_topics_are_the_ones_the_code_declares_with_their_partitions_retention_and_compaction()
    {
        var manifests = await Rendered.Value;
        var declared = manifests.OfKind("KafkaTopic").ToDictionary(t => (string)t["spec"]!["topicName"]!);

        Assert.Equal(Topics.All.Select(t => t.Name).Order(), declared.Keys.Order());
        foreach (var topic in Topics.All)
        {
            var spec = declared[topic.Name]["spec"]!;
            Assert.Equal(topic.Partitions, Int(spec["partitions"]));
            foreach (var (key, value) in topic.Config ?? new Dictionary<string, string>())
            {
                Assert.Equal(value, spec["config"]![key]?.ToString());
            }
        }
        Assert.Equal("-1", declared[Topics.Tweets]["spec"]!["config"]!["retention.ms"]!.ToString());
        Assert.Equal("compact", declared[Topics.AnalyticsChangelog]["spec"]!["config"]!["cleanup.policy"]!.ToString());
    }
}
