using Microsoft.Extensions.Options;

namespace TweetPlatform.Ingest.Parsing;

/// <summary>Maps a tweet to the first tracked conference tag among its hashtags (the demo's tagFilter).</summary>
public sealed class ConferenceMatcher(IOptions<IngestOptions> options)
{
    private readonly HashSet<string> _tracked = Hashtags.Normalize(options.Value.TrackedTags).ToHashSet(StringComparer.Ordinal);

    public string? Match(IReadOnlyList<string> normalizedHashtags) =>
        normalizedHashtags.FirstOrDefault(_tracked.Contains);
}
