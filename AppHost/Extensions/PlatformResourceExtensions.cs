using System.Globalization;
using TweetPlatform.AppHost.Settings;

namespace TweetPlatform.AppHost.Extensions;

/// <summary>How every process of the platform is declared, so the topology in AppHost.cs reads as a list.</summary>
internal static class PlatformResourceExtensions
{
    /// <summary>A service: references and waits for Kafka, runs <paramref name="replicas"/> instances, reports /health.</summary>
    public static IResourceBuilder<ProjectResource> AsPlatformService(this IResourceBuilder<ProjectResource> service,
        IResourceBuilder<IResourceWithConnectionString> kafka, PlatformSettings settings, int replicas)
    {
        service.WithPlatformDefaults()
            .WithReference(kafka).WaitFor(kafka)
            .WithHttpHealthCheck("/health")
            // Found by name through service discovery: no fixed port to clash with another run. One instance is
            // reached directly: DCP's proxy in between copies every byte (at 1,000 tweets/s it took a third of a
            // core of two); replicas keep it, since it is what spreads their requests.
            .WithEndpoint("http", endpoint =>
            {
                endpoint.Port = null;
                endpoint.IsProxied = replicas > 1;
            });
        if (settings.KafkaMode == KafkaMode.Embedded && service.ApplicationBuilder.ExecutionContext.IsRunMode)
        {
            // The embedded broker pre-creates every topic (and cannot serve CreateTopics).
            service.WithEnvironment("Kafka__Topics__Provision", "false");
        }
        return replicas > 1 ? service.WithReplicas(replicas) : service;
    }

    public static IResourceBuilder<ProjectResource> WithPlatformDefaults(this IResourceBuilder<ProjectResource> project)
    {
        if (project.ApplicationBuilder.ExecutionContext.IsRunMode)
        {
            // Eight .NET processes share a developer's cores: idle thread pools spinning for work would take
            // CPU the busy ones need (measured: analytics 6.4k -> 9.7k events/s on 2 cores).
            project.WithEnvironment("DOTNET_ThreadPool_UnfairSemaphoreSpinLimit", "0");
        }
        return project;
    }

    /// <summary>The gateway's public port, not proxied so webhook senders and browsers reach the gateway itself; 0 = any free port (still not proxied).</summary>
    public static IResourceBuilder<ProjectResource> WithPublicPort(this IResourceBuilder<ProjectResource> gateway, int port) =>
        gateway.WithEndpoint("http", endpoint =>
        {
            endpoint.IsProxied = false;
            endpoint.Port = port == 0 ? null : port;
            if (port != 0)
            {
                endpoint.TargetPort = port;
            }
        });

    /// <summary>A YARP cluster of the gateway resolved by service discovery (<c>http://name</c>), replicas included.</summary>
    public static IResourceBuilder<ProjectResource> WithRoute(this IResourceBuilder<ProjectResource> gateway, string cluster,
        IResourceBuilder<ProjectResource> service) =>
        gateway.WithReference(service).WaitFor(service)
            .WithEnvironment($"ReverseProxy__Clusters__{cluster}__Destinations__d1__Address", $"http://{service.Resource.Name}");

    public static IResourceBuilder<ParameterResource> AddWebhookSecret(this IDistributedApplicationBuilder builder) =>
        builder.AddParameter(ResourceNames.WebhookSecret, secret: true);

    public static IResourceBuilder<ParameterResource> AddOperatorSecret(this IDistributedApplicationBuilder builder) =>
        builder.AddParameter(ResourceNames.OperatorSecret, secret: true);

    /// <summary>Once the gateway is healthy: where to open the page, the webhook secret of a generated run, and a tweet to post.</summary>
    public static void AnnounceWhenReady(this IResourceBuilder<ProjectResource> gateway, PlatformSettings settings)
    {
        if (!gateway.ApplicationBuilder.ExecutionContext.IsRunMode)
        {
            return;
        }
        gateway.OnResourceReady((resource, _, _) =>
        {
            var url = resource.GetEndpoint("http").Url.TrimEnd('/');
            var secret = settings.WebhookSecret;
            var lines = new List<string>
            {
                "",
                $"  TweetPlatform is ready: open {url}",
                settings.WebhookSecretGenerated
                    ? $"  Webhook secret (generated for this run): {secret}"
                    : "  Webhook secret: the one you set (Parameters:webhook-secret)",
            };
            if (settings.WebhookSecretGenerated)
            {
                lines.Add("  Fix one with: dotnet user-secrets set Parameters:webhook-secret \"<16+ characters>\" --project AppHost");
                lines.Add($"            or: export {PlatformSettings.WebhookSecretEnvironmentVariable}=\"<16+ characters>\"");
            }
            lines.Add(settings.OperatorSecretGenerated
                ? $"  Operator secret for live queries (generated for this run): {settings.OperatorSecret}"
                : "  Operator secret for live queries: the one you set (Parameters:operator-secret)");
            lines.Add($"  Post a tweet:  curl -H 'Content-Type: application/json' -H 'X-Webhook-Secret: {(settings.WebhookSecretGenerated ? secret : "<secret>")}' \\");
            lines.Add($"                   -d '{{\"text\":\"Hello #javaone\",\"author\":\"me\"}}' {url}/api/tweets");
            lines.Add("");
            // The console, not a logger: the generated secret must not travel to the telemetry.
            Console.WriteLine(string.Join(Environment.NewLine, lines));
            return Task.CompletedTask;
        });
    }

    public static string Invariant(this double value) => value.ToString(CultureInfo.InvariantCulture);
}
