using TweetPlatform.Ingest;
using TweetPlatform.Ingest.Parsing;

namespace TweetPlatform.UnitTests.Ingest;

/// <summary>Builds a <see cref="TweetMapper"/> over test options.</summary>
internal static class TestMappers
{
    public const int MaxTextLength = 280;
    public const int MaxAuthorLength = 15;

    public static IngestOptions Options(string iftttTimeZone = "UTC") => new()
    {
        TrackedTags = ["NDCOslo", "#DotNetConf"],
        WebhookSecret = "0123456789abcdef",
        MaxTextLength = MaxTextLength,
        MaxAuthorLength = MaxAuthorLength,
        IftttTimeZone = iftttTimeZone,
    };

    public static TweetMapper Create(IngestOptions? options = null)
    {
        var wrapped = Microsoft.Extensions.Options.Options.Create(options ?? Options());
        return new TweetMapper(wrapped, new ConferenceMatcher(wrapped));
    }
}
