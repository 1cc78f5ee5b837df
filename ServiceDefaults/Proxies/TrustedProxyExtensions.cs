using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace TweetPlatform.ServiceDefaults.Proxies;

public static class TrustedProxyExtensions
{
    /// <summary>
    /// Forwarded headers in every service, run once, first: believed from loopback and
    /// <see cref="TrustedProxyOptions"/> only. Chains of trusted proxies (an Ingress, then the gateway) are
    /// followed to the first address not among them. ASP.NET Core's own switch,
    /// <c>ASPNETCORE_FORWARDEDHEADERS_ENABLED</c> (Aspire sets it), would add a second pass and clear the trusted
    /// lists; it is turned off here, as this does its job.
    /// </summary>
    public static TBuilder AddTrustedProxies<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Configuration.AddInMemoryCollection([new("FORWARDEDHEADERS_ENABLED", "false")]);
        var services = builder.Services;
        services.AddTransient<IStartupFilter, ForwardedHeadersStartupFilter>();
        services.AddValidatedOptions<TrustedProxyOptions>(TrustedProxyOptions.SectionName);
        services.AddOptions<ForwardedHeadersOptions>().PostConfigure<IOptions<TrustedProxyOptions>>((forwarded, trusted) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            forwarded.ForwardLimit = null;
            forwarded.KnownIPNetworks.Clear();
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse("127.0.0.0/8"));
            forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse("::1/128"));
            foreach (var network in trusted.Value.Networks())
            {
                forwarded.KnownIPNetworks.Add(network);
            }
            foreach (var proxy in trusted.Value.Proxies())
            {
                forwarded.KnownProxies.Add(proxy);
            }
        });
        return builder;
    }
}
