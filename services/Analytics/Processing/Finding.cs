using System.Diagnostics;

namespace TweetPlatform.Analytics.Processing;

/// <summary>
/// An output record for a findings topic, with the trace context of the input that caused it.
/// <see cref="SupersededBy"/> names what a newer finding replaces (so a held-back one may be dropped
/// for it); null means every one must be sent (alerts).
/// </summary>
public sealed record Finding(string Topic, string Key, byte[] Value, ActivityContext Cause, string? SupersededBy);
