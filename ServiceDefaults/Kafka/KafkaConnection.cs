namespace TweetPlatform.ServiceDefaults.Kafka;

/// <summary>The resolved <c>kafka</c> connection (bootstrap servers), validated at start-up.</summary>
public sealed record KafkaConnection(string Name, string BootstrapServers);
