using TweetPlatform.AppHost.Settings;
using TweetPlatform.IntegrationTests.Infrastructure;

namespace TweetPlatform.IntegrationTests.AppHost;

/// <summary>
/// Which endpoints DCP proxies: a single instance (here ingest) and the gateway are reached on their own port, with no
/// proxy copying every byte in between; a replicated service (here push-gateway, two) behind DCP's proxy, which spreads
/// requests over its replicas.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class EndpointProxyTests(PlatformFixture platform)
{
    [Fact]
    public void A_single_instance_and_the_gateway_are_reached_directly_and_replicas_through_the_proxy()
    {
        var system = platform.System;
        Assert.Single(system.Replicas(ResourceNames.Ingest));
        Assert.Equal(OwnPort(ResourceNames.Ingest, 0), system.ServiceUrl(ResourceNames.Ingest).Port);
        Assert.Equal(OwnPort(ResourceNames.Gateway, 0), system.GatewayUrl.Port);

        var pushGateways = system.Replicas(ResourceNames.PushGateway);
        Assert.Equal(2, pushGateways.Count);
        var shared = system.ServiceUrl(ResourceNames.PushGateway).Port;
        Assert.All(Enumerable.Range(0, pushGateways.Count), i => Assert.NotEqual(OwnPort(ResourceNames.PushGateway, i), shared));
    }

    private int OwnPort(string resource, int replica) => platform.System.ReplicaUrl(platform.System.Replicas(resource)[replica]).Port;
}
