using System.Text.Json.Serialization;

namespace TweetPlatform.LikeTracking.Model;

/// <summary>A viewer's like of a tweet and the tweet's count; <see cref="Changed"/> says whether this request changed it (absent for GET).</summary>
public sealed record LikeState(
    string TweetId,
    bool Liked,
    int Count,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Changed = null);

/// <summary>202 body: the like is stored, its effect not known yet (a live count update follows).</summary>
public sealed record LikePending(string TweetId, bool Liked);
