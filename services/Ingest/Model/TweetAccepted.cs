namespace TweetPlatform.Ingest.Model;

/// <summary>The 202 body: the id under which the tweet travels downstream.</summary>
public sealed record TweetAccepted(string Id);

/// <summary>The 202 body of a batch: the ids of its tweets, in the order sent.</summary>
public sealed record TweetsAccepted(IReadOnlyList<string> Ids);
