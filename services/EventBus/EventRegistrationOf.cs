using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace TweetPlatform.EventBus;

/// <summary>
/// An event contract on its topic, serialized with its source-generated JSON type info both ways. For an
/// <see cref="IVersionedEvent"/>, <paramref name="payloadVersion"/> is the one version this build reads.
/// </summary>
public sealed class EventRegistration<TEvent>(string topic, string eventType, JsonTypeInfo<TEvent> typeInfo, int? payloadVersion = null)
    : EventRegistration(topic, eventType, typeof(TEvent))
{
    public JsonTypeInfo<TEvent> TypeInfo { get; } = typeInfo;

    public override JsonTypeInfo JsonTypeInfo => TypeInfo;

    public byte[] Serialize(TEvent value) => EventSerializer.Serialize(value, TypeInfo);

    /// <exception cref="JsonException">Not a valid event of this type, or of another payload version.</exception>
    public TEvent Deserialize(ReadOnlySpan<byte> utf8) => EventSerializer.Deserialize(utf8, TypeInfo, payloadVersion);
}
