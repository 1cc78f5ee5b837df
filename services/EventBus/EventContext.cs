namespace TweetPlatform.EventBus;

/// <summary>Where a consumed event was stored: what a handler needs beside the event (its position, its key, its time).</summary>
public readonly record struct EventContext(Confluent.Kafka.TopicPartitionOffset Source, string Key, DateTimeOffset Timestamp);
