// The platform on a machine with Docker: a real Kafka broker (KRaft) with Kafka UI, the four
// services and the gateway. Services talk only through Kafka; the gateway is the one public endpoint.
var builder = DistributedApplication.CreateBuilder(args);

var kafka = builder.AddKafka("kafka")
    .WithKafkaUI()
    .WithDataVolume();

// Set with: dotnet user-secrets set Parameters:webhook-secret <16+ characters> --project AppHost
var webhookSecret = builder.AddParameter("webhook-secret", secret: true);

var ingest = builder.AddProject<Projects.TweetPlatform_Ingest>("ingest")
    .WithReference(kafka).WaitFor(kafka)
    .WithEnvironment("Ingest__WebhookSecret", webhookSecret)
    .WithHttpHealthCheck("/health");

// Two instances behind one endpoint: each delivers every event, and a browser moved from one to the
// other resumes from its Last-Event-ID.
var pushGateway = builder.AddProject<Projects.TweetPlatform_PushGateway>("push-gateway")
    .WithReference(kafka).WaitFor(kafka)
    .WithReplicas(2)
    .WithHttpHealthCheck("/health");

var likeTracking = builder.AddProject<Projects.TweetPlatform_LikeTracking>("like-tracking")
    .WithReference(kafka).WaitFor(kafka)
    .WithHttpHealthCheck("/health");

builder.AddProject<Projects.TweetPlatform_Analytics>("analytics")
    .WithReference(kafka).WaitFor(kafka)
    .WithHttpHealthCheck("/health");

builder.AddProject<Projects.TweetPlatform_Gateway>("gateway")
    .WithEnvironment("ReverseProxy__Clusters__ingest__Destinations__d1__Address", ingest.GetEndpoint("http"))
    .WithEnvironment("ReverseProxy__Clusters__push-gateway__Destinations__d1__Address", pushGateway.GetEndpoint("http"))
    .WithEnvironment("ReverseProxy__Clusters__like-tracking__Destinations__d1__Address", likeTracking.GetEndpoint("http"))
    .WaitFor(ingest).WaitFor(pushGateway).WaitFor(likeTracking)
    .WithHttpHealthCheck("/health")
    .WithExternalHttpEndpoints();

builder.Build().Run();
