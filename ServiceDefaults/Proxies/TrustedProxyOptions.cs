using System.ComponentModel.DataAnnotations;
using System.Net;

namespace TweetPlatform.ServiceDefaults.Proxies;

/// <summary>
/// Whose <c>X-Forwarded-For</c> a service believes (config section <c>ForwardedHeaders</c>): peers on loopback
/// always, and the networks and addresses listed here, e.g. a cluster's pod network. Everyone else's is
/// ignored, so a client cannot pick the address its limits are counted by.
/// </summary>
public sealed class TrustedProxyOptions : IValidatableObject
{
    public const string SectionName = "ForwardedHeaders";

    /// <summary>Comma-separated networks in CIDR form, e.g. <c>10.0.0.0/8,fd00::/8</c>.</summary>
    public string KnownNetworks { get; set; } = "";

    /// <summary>Comma-separated single addresses, e.g. a load balancer's.</summary>
    public string KnownProxies { get; set; } = "";

    public IEnumerable<IPNetwork> Networks() => Split(KnownNetworks).Select(n => IPNetwork.Parse(n));

    public IEnumerable<IPAddress> Proxies() => Split(KnownProxies).Select(IPAddress.Parse);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var network in Split(KnownNetworks).Where(n => !IPNetwork.TryParse(n, out _)))
        {
            yield return new ValidationResult($"ForwardedHeaders:KnownNetworks: '{network}' is not a network in CIDR form (e.g. 10.0.0.0/8).", [nameof(KnownNetworks)]);
        }
        foreach (var proxy in Split(KnownProxies).Where(p => !IPAddress.TryParse(p, out _)))
        {
            yield return new ValidationResult($"ForwardedHeaders:KnownProxies: '{proxy}' is not an IP address.", [nameof(KnownProxies)]);
        }
    }

    private static string[] Split(string list) => list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
