
namespace TweetPlatform.EventBus;

/// <summary>
/// Thrown by a handler for a message that can never be handled (malformed, unknown version). The
/// message goes to the dead-letter topic with this reason instead of being retried for ever.
/// </summary>
public sealed class PoisonMessageException(string reason, Exception? inner = null) : Exception(reason, inner);
