using System.Diagnostics.Metrics;

namespace TweetPlatform.Analytics.Operators;

/// <summary>
/// Counts events that arrived after their window closed (older than observed event time minus grace) and were
/// dropped: a rising rate means producers lag more than the grace period allows for.
/// </summary>
public sealed class LateEventMetric(IMeterFactory meters)
{
    public const string MeterName = "TweetPlatform.Analytics";
    public const string InstrumentName = "analytics.events.late";

    /// <summary>Tag naming the operator that dropped the event.</summary>
    public const string OperatorTag = "analytics.operator";

    private readonly Counter<long> _late = meters.Create(MeterName)
        .CreateCounter<long>(InstrumentName, "{event}", "Events dropped because their window had already closed.");

    public void Record(string operatorName) =>
        _late.Add(1, new KeyValuePair<string, object?>(OperatorTag, operatorName));
}
