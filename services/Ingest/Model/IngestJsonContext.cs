using System.Text.Json;
using System.Text.Json.Serialization;

namespace TweetPlatform.Ingest.Model;

/// <summary>
/// Source-generated JSON for the ingest API. Property names are matched case-insensitively: IFTTT
/// sends PascalCase, our API camelCase.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    AllowTrailingCommas = false,
    ReadCommentHandling = JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(TweetSubmission))]
[JsonSerializable(typeof(IftttTweetPayload))]
[JsonSerializable(typeof(TweetAccepted))]
[JsonSerializable(typeof(List<TweetSubmission>))]
[JsonSerializable(typeof(TweetsAccepted))]
internal sealed partial class IngestJsonContext : JsonSerializerContext;
