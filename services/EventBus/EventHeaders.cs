namespace TweetPlatform.EventBus;

/// <summary>
/// The headers every record carries besides <c>traceparent</c>: <c>event-type</c> (one event type per topic,
/// versioned as the topic is) and <c>content-type</c>. Their values come from the <see cref="EventRegistry"/>.
/// </summary>
public static class EventHeaders
{
    public const string EventType = "event-type";
    public const string ContentType = "content-type";
    public const string Json = "application/json";
}
