using System.Text.Json;
using System.Text.Json.Serialization;

namespace TweetPlatform.PushGateway.Consuming;

/// <summary>The <c>likes</c> SSE event's data: a tweet's current like count.</summary>
public sealed record LikesUpdate(string TweetId, int Count);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(LikesUpdate))]
internal sealed partial class PushGatewayJsonContext : JsonSerializerContext;
