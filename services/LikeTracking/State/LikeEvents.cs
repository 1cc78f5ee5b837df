using TweetPlatform.Contracts;
using TweetPlatform.Contracts.Events;
using TweetPlatform.ServiceDefaults.Kafka;

namespace TweetPlatform.LikeTracking.State;

/// <summary>Reads a likes-topic message, rejecting what no version of this service could apply.</summary>
public static class LikeEvents
{
    public static LikeToggled Read(byte[] value)
    {
        var like = EventSerializer.Deserialize(value, EventJsonContext.Default.LikeToggled, LikeToggled.CurrentVersion);
        if (!TweetIdFormat.IsValid(like.TweetId) || string.IsNullOrEmpty(like.ViewerId))
        {
            throw new PoisonMessageException("LikeToggled without a valid tweet id or viewer id.");
        }
        return like;
    }
}
