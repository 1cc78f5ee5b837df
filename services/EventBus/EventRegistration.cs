using System.Text;
using Confluent.Kafka;

namespace TweetPlatform.EventBus;

/// <summary>
/// One kind of record on one topic: the topic, the event type its <c>event-type</c> header names (with the
/// schema's major version, as the topic name has) and, for a JSON contract, its .NET type.
/// </summary>
public class EventRegistration
{
    private readonly byte[] _eventType;

    public EventRegistration(string topic, string eventType, Type? contract)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        ArgumentException.ThrowIfNullOrWhiteSpace(eventType);
        Topic = topic;
        EventType = eventType;
        Contract = contract;
        _eventType = Encoding.UTF8.GetBytes(eventType);
    }

    public string Topic { get; }

    /// <summary>E.g. <c>tweet-received.v1</c>: the name and the schema's major version.</summary>
    public string EventType { get; }

    /// <summary>The .NET type of the JSON contract; null for records that are not one (a store's changelog entries).</summary>
    public Type? Contract { get; }

    private static readonly byte[] JsonContentType = Encoding.UTF8.GetBytes(EventHeaders.Json);

    /// <summary>The source-generated JSON type info of the contract; null when there is none.</summary>
    public virtual System.Text.Json.Serialization.Metadata.JsonTypeInfo? JsonTypeInfo => null;

    /// <summary>Fresh headers for one record (each record needs its own: the producer adds <c>traceparent</c>).</summary>
    public Headers Headers() => new() { { EventHeaders.EventType, _eventType }, { EventHeaders.ContentType, JsonContentType } };
}
