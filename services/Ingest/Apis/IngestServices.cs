using Microsoft.Extensions.Options;
using TweetPlatform.Ingest.Parsing;
using TweetPlatform.Ingest.Publishing;
using TweetPlatform.Ingest.Security;
using TweetPlatform.ServiceDefaults.Deduplication;

namespace TweetPlatform.Ingest.Apis;

/// <summary>What the ingest endpoints need, injected as one parameter.</summary>
public sealed class IngestServices(
    IOptions<IngestOptions> options,
    TweetMapper mapper,
    TweetPublisher publisher,
    WebhookAuthenticator authenticator,
    RecentIdSet acceptedIds,
    TimeProvider time)
{
    public IngestOptions Options { get; } = options.Value;
    public TweetMapper Mapper { get; } = mapper;
    public TweetPublisher Publisher { get; } = publisher;
    public WebhookAuthenticator Authenticator { get; } = authenticator;
    public RecentIdSet AcceptedIds { get; } = acceptedIds;
    public TimeProvider Time { get; } = time;
}
