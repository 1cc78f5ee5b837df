using TweetPlatform.Analytics.Operators;

namespace TweetPlatform.Analytics.Processing;

/// <summary>
/// What a task's processor sees of the consume loop that runs it (Kafka Streams' ProcessorContext): its partition,
/// its stores, registered by name, and where its output goes.
/// </summary>
public interface IProcessorContext
{
    int Partition { get; }

    StateStores Stores { get; }

    /// <summary>Sends a finding downstream: to its topic with the batch, unless a newer one of its key supersedes it first.</summary>
    void Forward(Finding finding);
}
