namespace TweetPlatform.AppHost.Settings;

/// <summary>The resources' names: also their service-discovery names and OTEL_SERVICE_NAME.</summary>
public static class ResourceNames
{
    public const string Kafka = "kafka";
    public const string KafkaBroker = "kafka-broker";
    public const string KafkaUi = "kafka-ui";
    public const string WebhookSecret = "webhook-secret";
    public const string OperatorSecret = "operator-secret";
    public const string Ingest = "ingest";
    public const string PushGateway = "push-gateway";
    public const string LikeTracking = "like-tracking";
    public const string Analytics = "analytics";
    public const string Gateway = "gateway";
    public const string Simulator = "simulator";
}
