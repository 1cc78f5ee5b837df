namespace TweetPlatform.AppHost.Settings;

/// <summary>Where the <c>kafka</c> resource comes from when the AppHost runs (publish mode always names a real cluster).</summary>
public enum KafkaMode
{
    /// <summary>The embedded broker (tools/DevKafka, librdkafka's mock cluster): no Docker needed.</summary>
    Embedded,

    /// <summary>Real Kafka (KRaft) in a container with Kafka UI and a data volume: needs Docker or podman.</summary>
    Container,
}
