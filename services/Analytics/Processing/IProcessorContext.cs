using TweetPlatform.Analytics.Operators;

namespace TweetPlatform.Analytics.Processing;

/// <summary>
/// What a task's processor sees of the consume loop that runs it (Kafka Streams' ProcessorContext): its partition,
/// its stores, registered by name, where its output goes, and time-driven work.
/// </summary>
public interface IProcessorContext
{
    int Partition { get; }

    StateStores Stores { get; }

    /// <summary>Sends a finding downstream: to its topic with the batch, unless a newer one of its key supersedes it first.</summary>
    void Forward(Finding finding);

    /// <summary>
    /// Runs <paramref name="punctuator"/> once every <paramref name="interval"/> of wall-clock time (Kafka Streams'
    /// <c>schedule</c> with <c>WALL_CLOCK_TIME</c>), on the consume thread at the loop's punctuations, so what it
    /// forwards goes out with the next batch. Missed intervals are skipped, not caught up. Dispose the result to cancel.
    /// </summary>
    IDisposable Schedule(TimeSpan interval, Action<DateTimeOffset> punctuator);
}
