using TweetPlatform.LikeTracking.Publishing;
using TweetPlatform.LikeTracking.Replicas;

namespace TweetPlatform.LikeTracking.Apis;

/// <summary>What the like endpoints need, injected as one parameter.</summary>
public sealed class LikeServices(TweetDirectory tweets, LikeLedgerReplica ledger, LikePublisher publisher, TimeProvider time)
{
    public TweetDirectory Tweets { get; } = tweets;
    public LikeLedgerReplica Ledger { get; } = ledger;
    public LikePublisher Publisher { get; } = publisher;
    public TimeProvider Time { get; } = time;
}
