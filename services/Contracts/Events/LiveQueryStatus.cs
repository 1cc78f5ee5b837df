namespace TweetPlatform.Contracts.Events;

/// <summary>The statuses of a live query (<see cref="LiveQueryChanged.Status"/>, <see cref="LiveQueryResultChanged.Status"/>).</summary>
public static class LiveQueryStatus
{
    public const string Running = "running";

    /// <summary>Went over a limit; the reason says which. Its last result stays.</summary>
    public const string Stopped = "stopped";

    /// <summary>Deleted by an operator.</summary>
    public const string Deleted = "deleted";
}
