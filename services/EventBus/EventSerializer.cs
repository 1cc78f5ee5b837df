using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace TweetPlatform.EventBus;

/// <summary>UTF-8 JSON in and out of Kafka message values.</summary>
public static class EventSerializer
{
    public static byte[] Serialize<T>(T value, JsonTypeInfo<T> typeInfo) =>
        JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);

    /// <exception cref="JsonException">The bytes are not a valid event of this type.</exception>
    public static T Deserialize<T>(ReadOnlySpan<byte> utf8, JsonTypeInfo<T> typeInfo) =>
        JsonSerializer.Deserialize(utf8, typeInfo)
        ?? throw new JsonException($"Message value is JSON null, expected {typeof(T).Name}.");

    /// <summary>As <see cref="Deserialize{T}"/>, and for a versioned event only the payload version this reader understands (null: any).</summary>
    /// <exception cref="JsonException">Not a valid event of this type, or of another version.</exception>
    public static T Deserialize<T>(ReadOnlySpan<byte> utf8, JsonTypeInfo<T> typeInfo, int? supportedVersion)
    {
        var value = Deserialize(utf8, typeInfo);
        return supportedVersion is { } supported && value is IVersionedEvent { Version: var version } && version != supported
            ? throw new JsonException($"Unsupported {typeof(T).Name} version {version}.")
            : value;
    }
}
