using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Options;
using TweetPlatform.Ingest;
using TweetPlatform.Ingest.Model;
using TweetPlatform.Ingest.Parsing;

namespace TweetPlatform.MicroBenchmarks;

/// <summary>
/// The ingest endpoints minus HTTP: a request body (UTF-8) parsed and validated into a TweetReceived,
/// as <c>POST /api/webhooks/ifttt</c> and <c>POST /api/tweets</c> do after reading the body.
/// </summary>
[MemoryDiagnoser]
public class IngestBenchmarks
{
    // CreatedAt of the bodies is a minute before this, so the clock-skew check passes.
    private static readonly DateTimeOffset Now = new(2017, 4, 17, 13, 40, 0, TimeSpan.Zero);

    private static readonly byte[] IftttBody = Encoding.UTF8.GetBytes(
        """{"Text":"Great keynote #javaone #kafka","UserName":"duke","UserImageUrl":"https://example.org/a.png","CreatedAt":"April 17, 2017 at 01:39PM","LinkToTweet":"https://twitter.com/duke/status/853987654321987654","FirstLinkUrl":""}""");

    private static readonly byte[] SubmissionBody = Encoding.UTF8.GetBytes(
        """{"id":"853987654321987654","text":"Great keynote #javaone #kafka","author":"duke","authorImageUrl":"https://example.org/a.png","hashtags":["javaone"],"createdAt":"2017-04-17T13:39:00Z","language":"en","link":"https://twitter.com/duke/status/853987654321987654"}""");

    private TweetMapper _mapper = null!;
    private IftttTweetPayload _iftttPayload = null!;

    [GlobalSetup]
    public void Setup()
    {
        var options = Options.Create(new IngestOptions
        {
            TrackedTags = ["javaone", "devoxx", "kafkasummit", "qcon", "ndcporto"],
            AllowUnauthenticatedWebhooks = true,
            IftttTimeZone = "UTC",
        });
        _mapper = new TweetMapper(options, new ConferenceMatcher(options));
        _iftttPayload = JsonSerializer.Deserialize(IftttBody, IngestBenchmarkJsonContext.Default.IftttTweetPayload)!;

        // A benchmark of the error path by mistake would look fast: make sure both inputs are accepted.
        if (IftttWebhook_ParseAndMap().Tweet?.Conference != "javaone" || Submission_ParseAndMap().Tweet?.Conference != "javaone")
        {
            throw new InvalidOperationException("The benchmark inputs were rejected by the mapper.");
        }
    }

    /// <summary>The whole webhook path after reading the body: lenient-string pass, JSON, validation, mapping.</summary>
    [Benchmark]
    public TweetMapping IftttWebhook_ParseAndMap()
    {
        var bytes = LenientJsonStrings.EscapeControlCharactersInStrings(IftttBody);
        var payload = JsonSerializer.Deserialize(bytes, IngestBenchmarkJsonContext.Default.IftttTweetPayload)!;
        return _mapper.FromIfttt(payload, Now);
    }

    [Benchmark]
    public IftttTweetPayload? IftttWebhook_JsonOnly() =>
        JsonSerializer.Deserialize(IftttBody, IngestBenchmarkJsonContext.Default.IftttTweetPayload);

    /// <summary>Validation and mapping of an already parsed body (URLs, IFTTT date, hashtags, tweet id from the link).</summary>
    [Benchmark]
    public TweetMapping IftttWebhook_MapOnly() => _mapper.FromIfttt(_iftttPayload, Now);

    [Benchmark]
    public TweetMapping Submission_ParseAndMap()
    {
        var body = JsonSerializer.Deserialize(SubmissionBody, IngestBenchmarkJsonContext.Default.TweetSubmission)!;
        return _mapper.FromSubmission(body, Now);
    }
}

/// <summary>
/// Same options as ingest's own (internal) IngestJsonContext: web defaults, so property names match
/// case-insensitively (IFTTT sends PascalCase, our API camelCase).
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    AllowTrailingCommas = false,
    ReadCommentHandling = JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(TweetSubmission))]
[JsonSerializable(typeof(IftttTweetPayload))]
internal sealed partial class IngestBenchmarkJsonContext : JsonSerializerContext;
