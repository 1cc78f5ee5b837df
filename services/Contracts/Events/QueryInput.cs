namespace TweetPlatform.Contracts.Events;

/// <summary>
/// One input of a batched live-query record (<see cref="ConferenceActivity.Inputs"/>): a tweet or a like count, and the
/// offset of the source message it came from, so each input is applied once even when the batch is routed again.
/// </summary>
public sealed record QueryInput
{
    public required long SourceOffset { get; init; }

    public TweetReceived? Tweet { get; init; }

    public LikeCountChanged? Likes { get; init; }
}
