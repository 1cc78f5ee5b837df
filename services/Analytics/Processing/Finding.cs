using System.Diagnostics;

namespace TweetPlatform.Analytics.Processing;

/// <summary>An output record for a findings topic, with the trace context of the input that caused it.</summary>
public sealed record Finding(string Topic, string Key, byte[] Value, ActivityContext Cause);
