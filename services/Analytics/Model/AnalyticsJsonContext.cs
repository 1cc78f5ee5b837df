using System.Text.Json;
using System.Text.Json.Serialization;

namespace TweetPlatform.Analytics.Model;

/// <summary>Source-generated JSON of the queries API.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(QueryRequest))]
[JsonSerializable(typeof(QueryInfo))]
[JsonSerializable(typeof(IReadOnlyList<QueryInfo>))]
[JsonSerializable(typeof(QueryCheck))]
public sealed partial class AnalyticsJsonContext : JsonSerializerContext;
