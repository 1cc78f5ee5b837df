using System.Text.Json;
using System.Text.Json.Serialization;
using TweetPlatform.Contracts.Events;

namespace TweetPlatform.Contracts;

/// <summary>Source-generated JSON for every integration event: camelCase, no reflection at run time.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    // A null where the contract has none (e.g. "tweetId": null) fails to parse, so the message is dead-lettered.
    RespectNullableAnnotations = true)]
[JsonSerializable(typeof(TweetReceived))]
[JsonSerializable(typeof(LikeToggled))]
[JsonSerializable(typeof(LikeCountChanged))]
[JsonSerializable(typeof(ConferenceActivity))]
[JsonSerializable(typeof(TweetCountsChanged))]
[JsonSerializable(typeof(TrendingHashtagsChanged))]
[JsonSerializable(typeof(TopLikedChanged))]
[JsonSerializable(typeof(ConferenceAlertRaised))]
[JsonSerializable(typeof(LiveQueryChanged))]
[JsonSerializable(typeof(LiveQueryResultChanged))]
public sealed partial class EventJsonContext : JsonSerializerContext;
