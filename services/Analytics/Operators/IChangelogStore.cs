namespace TweetPlatform.Analytics.Operators;

/// <summary>A state store as its changelog sees it: changed entries out, entries back in on restore.</summary>
public interface IChangelogStore
{
    string Name { get; }

    /// <summary>Changed entries since the last call, as (key, value) bytes; a null value is a deletion (a tombstone).</summary>
    IReadOnlyList<(string Key, byte[]? Value)> TakeChanges();

    void Restore(string key, byte[]? value);

    /// <summary>Deletes every entry, so the next <see cref="TakeChanges"/> has a tombstone for each.</summary>
    void Clear();
}
