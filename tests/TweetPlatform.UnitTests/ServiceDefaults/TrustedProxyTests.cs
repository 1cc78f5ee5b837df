using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Hosting;
using TweetPlatform.ServiceDefaults.Proxies;

namespace TweetPlatform.UnitTests.ServiceDefaults;

/// <summary>
/// Whose X-Forwarded-For a service believes, through a real pipeline that never asks for forwarded headers
/// itself, with ASP.NET Core's own switch on as Aspire sets it (which alone would believe anyone): loopback and
/// the configured networks, along a chain of them, never another peer.
/// </summary>
public sealed class TrustedProxyTests
{
    private static async Task<string?> ClientAddressAsync(string peer, string? forwardedFor, string knownNetworks = "10.0.0.0/8")
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = ["--FORWARDEDHEADERS_ENABLED=true", $"--ForwardedHeaders:KnownNetworks={knownNetworks}"],
        });
        builder.WebHost.UseTestServer();
        builder.AddTrustedProxies();
        await using var app = builder.Build();
        string? seen = null;
        app.Run(context =>
        {
            seen = context.Connection.RemoteIpAddress?.ToString();
            return Task.CompletedTask;
        });
        await app.StartAsync();
        await app.GetTestServer().SendAsync(context =>
        {
            context.Connection.RemoteIpAddress = IPAddress.Parse(peer);
            if (forwardedFor is not null)
            {
                context.Request.Headers["X-Forwarded-For"] = forwardedFor;
            }
        });
        return seen;
    }

    [Fact]
    public async Task A_forged_forwarded_address_from_an_untrusted_peer_is_ignored() =>
        Assert.Equal("203.0.113.9", await ClientAddressAsync("203.0.113.9", "198.51.100.1"));

    [Theory]
    [InlineData("10.1.2.3")] // a pod on the cluster network
    [InlineData("127.0.0.1")] // the gateway on the same machine
    [InlineData("::1")]
    public async Task A_trusted_peer_passes_the_client_address_on(string peer) =>
        Assert.Equal("198.51.100.1", await ClientAddressAsync(peer, "198.51.100.1"));

    [Fact]
    public async Task A_chain_of_trusted_proxies_is_followed_to_the_first_address_not_among_them()
    {
        // A browser, an Ingress pod (10.9.9.9), then the gateway on loopback.
        Assert.Equal("198.51.100.1", await ClientAddressAsync("127.0.0.1", "198.51.100.1, 10.9.9.9"));
        // What the browser itself put in front is not believed: its address is the first untrusted one.
        Assert.Equal("198.51.100.1", await ClientAddressAsync("127.0.0.1", "6.6.6.6, 198.51.100.1, 10.9.9.9"));
    }

    [Fact]
    public async Task Without_configured_networks_only_loopback_is_trusted() =>
        Assert.Equal("10.1.2.3", await ClientAddressAsync("10.1.2.3", "198.51.100.1", knownNetworks: ""));

    [Fact]
    public void A_setting_that_is_not_a_network_is_refused_with_its_name()
    {
        var errors = new TrustedProxyOptions { KnownNetworks = "10.0.0.0/8, ten", KnownProxies = "proxy.example" }
            .Validate(new System.ComponentModel.DataAnnotations.ValidationContext(new object())).Select(e => e.ErrorMessage).ToList();

        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e!.Contains("ForwardedHeaders:KnownNetworks: 'ten'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e!.Contains("ForwardedHeaders:KnownProxies: 'proxy.example'", StringComparison.Ordinal));
    }
}
