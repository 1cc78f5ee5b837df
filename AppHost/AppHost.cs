using TweetPlatform.AppHost.Extensions;
using TweetPlatform.AppHost.Kafka;
using TweetPlatform.AppHost.Settings;

// The whole platform, the one topology: `dotnet run --project AppHost` runs it with the Aspire dashboard
// (embedded Kafka by default, no Docker); the tests start this same model through Aspire.Hosting.Testing;
// `--publisher manifest` describes it for deployment tools (there `kafka` is a real cluster's address).
var builder = DistributedApplication.CreateBuilder(args);
if (!PlatformSettings.TryRead(builder, out var settings, out var problem))
{
    Console.Error.WriteLine(problem);
    return 1;
}

var kafka = builder.AddPlatformKafka(settings);
var webhookSecret = builder.AddWebhookSecret();
var operatorSecret = builder.AddOperatorSecret();

var ingest = builder.AddProject<Projects.TweetPlatform_Ingest>(ResourceNames.Ingest)
    .AsPlatformService(kafka, settings, settings.IngestReplicas)
    .WithEnvironment("Ingest__WebhookSecret", webhookSecret);

// Every instance delivers every event; a browser moved to another instance resumes from its Last-Event-ID.
var pushGateway = builder.AddProject<Projects.TweetPlatform_PushGateway>(ResourceNames.PushGateway)
    .AsPlatformService(kafka, settings, settings.PushGatewayReplicas);

var likeTracking = builder.AddProject<Projects.TweetPlatform_LikeTracking>(ResourceNames.LikeTracking)
    .AsPlatformService(kafka, settings, settings.LikeTrackingReplicas);

// Runs the findings and the live queries, and serves the queries API (/api/queries).
var analytics = builder.AddProject<Projects.TweetPlatform_Analytics>(ResourceNames.Analytics)
    .AsPlatformService(kafka, settings, settings.AnalyticsReplicas)
    .WithEnvironment("Analytics__OperatorSecret", operatorSecret);

// The one public endpoint: finds the services by name through service discovery (replicas sit behind
// each service's endpoint), on a stable port because webhook senders are configured with it.
var gateway = builder.AddProject<Projects.TweetPlatform_Gateway>(ResourceNames.Gateway)
    .WithPlatformDefaults()
    .WithPublicPort(settings.GatewayPort)
    .WithRoute("ingest", ingest)
    .WithRoute("push-gateway", pushGateway)
    .WithRoute("like-tracking", likeTracking)
    .WithRoute("analytics", analytics)
    .WithHttpHealthCheck("/health")
    .WithExternalHttpEndpoints();

if (settings.Simulator && builder.ExecutionContext.IsRunMode)
{
    // A moving page from the first second; TweetPlatform:Simulator=false turns it off.
    builder.AddProject<Projects.TweetPlatform_Simulator>(ResourceNames.Simulator)
        .WithPlatformDefaults()
        .WithReference(gateway).WaitFor(gateway)
        .WithEnvironment("Simulator__WebhookSecret", webhookSecret)
        .WithArgs("--rate", settings.SimulatorRate.Invariant());
}

gateway.AnnounceWhenReady(settings);
builder.Build().Run();
return 0;
