namespace TweetPlatform.PushGateway.Feed;

/// <summary>
/// What one record does to the feed: changes the snapshot and returns the frame browsers are sent (null for none,
/// e.g. a repeat). Made by the projection without touching state; applied by <see cref="LiveFeed"/> under its lock.
/// </summary>
public delegate PendingFrame? FeedChange(SnapshotState snapshot);
