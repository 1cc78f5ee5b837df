namespace TweetPlatform.EventBus;

/// <summary>An integration event that says which schema version it was written with.</summary>
public interface IVersionedEvent
{
    int Version { get; }
}
