using System.Text.Json;
using System.Text.Json.Serialization;

namespace TweetPlatform.LikeTracking.Model;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(LikeState))]
[JsonSerializable(typeof(LikePending))]
internal sealed partial class LikeTrackingJsonContext : JsonSerializerContext;
