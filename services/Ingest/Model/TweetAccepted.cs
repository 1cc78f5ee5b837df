namespace TweetPlatform.Ingest.Model;

/// <summary>The 202 body: the id under which the tweet travels downstream.</summary>
public sealed record TweetAccepted(string Id);
