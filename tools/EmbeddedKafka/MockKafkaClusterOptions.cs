using TweetPlatform.Contracts;

namespace TweetPlatform.EmbeddedKafka;

/// <summary>How <see cref="MockKafkaCluster.Start"/> sets up the cluster.</summary>
public sealed class MockKafkaClusterOptions
{
    /// <summary>Number of brokers; their ids are 1..<see cref="Brokers"/>.</summary>
    public int Brokers { get; init; } = 1;

    /// <summary>
    /// Topics to pre-create (the mock cannot serve the CreateTopics admin call). Null means
    /// <see cref="Contracts.Topics.All"/>; an empty list creates none (topics then get auto-created with
    /// the mock's default of 4 partitions on first metadata request).
    /// </summary>
    public IReadOnlyList<TopicSpec>? Topics { get; init; }

    /// <summary>
    /// Delay before the first consumer-group join completes. The mock defaults to 3 s, which makes every
    /// test and local start wait; 500 ms measured a ~0.7 s first join.
    /// </summary>
    public int InitialRebalanceDelayMs { get; init; } = 500;
}
