using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace TweetPlatform.Contracts;

/// <summary>UTF-8 JSON in and out of Kafka message values.</summary>
public static class EventSerializer
{
    public static byte[] Serialize<T>(T value, JsonTypeInfo<T> typeInfo) =>
        JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);

    /// <exception cref="JsonException">The bytes are not a valid event of this type.</exception>
    public static T Deserialize<T>(ReadOnlySpan<byte> utf8, JsonTypeInfo<T> typeInfo) =>
        JsonSerializer.Deserialize(utf8, typeInfo)
        ?? throw new JsonException($"Message value is JSON null, expected {typeof(T).Name}.");
}
