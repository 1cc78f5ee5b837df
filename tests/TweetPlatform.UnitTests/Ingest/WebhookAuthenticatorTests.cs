using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using TweetPlatform.Ingest;
using TweetPlatform.Ingest.Security;

namespace TweetPlatform.UnitTests.Ingest;

/// <summary>The shared webhook secret, from header or query string.</summary>
public sealed class WebhookAuthenticatorTests
{
    private const string Secret = "0123456789abcdef";
    private readonly WebhookAuthenticator _authenticator = new(Options.Create(new IngestOptions { WebhookSecret = Secret }));

    private static HttpRequest WithHeader(string value)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers[WebhookAuthenticator.HeaderName] = value;
        return context.Request;
    }

    private static HttpRequest WithQuery(string query)
    {
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString(query);
        return context.Request;
    }

    [Fact]
    public void Correct_secret_in_header_is_authorized()
    {
        Assert.True(_authenticator.IsAuthorized(WithHeader(Secret)));
    }

    [Fact]
    public void Correct_secret_in_query_string_is_authorized()
    {
        Assert.True(_authenticator.IsAuthorized(WithQuery("?secret=" + Secret)));
    }

    [Theory]
    [InlineData("wrong-secret-value")]
    [InlineData("0123456789abcde")]
    [InlineData("0123456789ABCDEF")]
    [InlineData("0123456789abcdef0")]
    [InlineData("0")]
    public void Wrong_or_partial_secret_in_header_is_refused(string presented)
    {
        Assert.False(_authenticator.IsAuthorized(WithHeader(presented)));
    }

    [Theory]
    [InlineData("?secret=wrong-secret-value")]
    [InlineData("?secret=0123456789abcde")]
    [InlineData("?secret=")]
    [InlineData("?other=0123456789abcdef")]
    public void Wrong_partial_or_misnamed_secret_in_query_is_refused(string query)
    {
        Assert.False(_authenticator.IsAuthorized(WithQuery(query)));
    }

    [Fact]
    public void Request_without_secret_is_refused()
    {
        Assert.False(_authenticator.IsAuthorized(new DefaultHttpContext().Request));
    }

    [Fact]
    public void Without_a_configured_secret_every_request_is_authorized()
    {
        var open = new WebhookAuthenticator(Options.Create(new IngestOptions { WebhookSecret = null, AllowUnauthenticatedWebhooks = true }));

        Assert.True(open.IsAuthorized(new DefaultHttpContext().Request));
        Assert.True(open.IsAuthorized(WithHeader("anything")));
    }

    [Fact]
    public void An_empty_header_does_not_hide_a_correct_secret_in_the_query()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers[WebhookAuthenticator.HeaderName] = "";
        context.Request.QueryString = new QueryString("?secret=" + Secret);

        Assert.True(_authenticator.IsAuthorized(context.Request));
    }
}
