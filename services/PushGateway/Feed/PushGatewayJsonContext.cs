using System.Text.Json;
using System.Text.Json.Serialization;

namespace TweetPlatform.PushGateway.Feed;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(LikesUpdate))]
[JsonSerializable(typeof(ResetNotice))]
internal sealed partial class PushGatewayJsonContext : JsonSerializerContext;
