using TweetPlatform.Contracts;
using TweetPlatform.Contracts.Events;
using TweetPlatform.EventBus;

namespace TweetPlatform.LikeTracking.State;

/// <summary>Checks a like read from the likes topic, rejecting what no version of this service could apply.</summary>
public static class LikeEvents
{
    /// <exception cref="PoisonMessageException">No valid tweet id or viewer id.</exception>
    public static LikeToggled Validate(LikeToggled like) =>
        TweetIdFormat.IsValid(like.TweetId) && !string.IsNullOrEmpty(like.ViewerId)
            ? like
            : throw new PoisonMessageException("LikeToggled without a valid tweet id or viewer id.");
}
