using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TweetPlatform.Hosting;
using TweetPlatform.IntegrationTests.AppHost;
using TweetPlatform.IntegrationTests.Infrastructure;

namespace TweetPlatform.IntegrationTests.Browser;

/// <summary>
/// The README's first command as a newcomer meets it: the AppHost with its dashboard (on free ports, so a
/// developer's own run does not clash), the page showing a posted tweet, and the Aspire dashboard showing
/// every resource and that tweet's trace through gateway, ingest and push-gateway.
/// </summary>
public sealed partial class AspireDashboardTests : BrowserTest
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task The_dashboard_shows_every_resource_and_the_trace_of_a_posted_tweet_from_gateway_to_push_gateway()
    {
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var gatewayPort = RunningPlatform.FreePort();
        var kafkaData = new PlatformStartOptions().KafkaDataPath; // a directory of this run's own, not the developer's
        await using var appHost = ChildProcess.StartDotnet("apphost", RepositoryLayout.ProjectDll("TweetPlatform.AppHost"),
            [$"--TweetPlatform:Gateway:Port={gatewayPort}", $"--TweetPlatform:Kafka:DataPath={kafkaData}", "--TweetPlatform:Kafka:StartEmpty=true"],
            new Dictionary<string, string>
            {
                // What the launch profile sets, on free ports.
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["DOTNET_ENVIRONMENT"] = "Development",
                ["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true",
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{RunningPlatform.FreePort()}",
                ["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://127.0.0.1:{RunningPlatform.FreePort()}",
                ["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = $"http://127.0.0.1:{RunningPlatform.FreePort()}",
            }, output.Enqueue);

        string? login = null, gateway = null, secret = null;
        await Eventually.HoldsAsync(() =>
        {
            Assert.False(appHost.HasExited, "The AppHost exited: " + string.Join(Environment.NewLine, output));
            foreach (var line in output)
            {
                login ??= LoginLine().Match(line) is { Success: true } m ? m.Groups[1].Value : null;
                gateway ??= ReadyLine().Match(line) is { Success: true } r ? r.Groups[1].Value : null;
                secret ??= SecretLine().Match(line) is { Success: true } s ? s.Groups[1].Value : null;
            }
            return login is not null && gateway is not null && secret is not null ? null : "The AppHost did not announce the dashboard, the gateway and the secret: "
                + string.Join(Environment.NewLine, output.TakeLast(30));
        }, TimeSpan.FromMinutes(3), TimeSpan.FromMilliseconds(250));
        Assert.Equal($"http://localhost:{gatewayPort}", gateway);

        // The tweet, with our own trace id so the dashboard's trace can be found by it.
        var traceId = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var id = "dash-trace-" + TweetRequests.UniqueId();
        var page = await Browser.NewPageAsync();
        await page.GotoAsync(gateway!);
        await Assertions.Expect(page.Locator("#connection-status")).ToHaveTextAsync("live", new() { Timeout = 30_000 });
        using (var http = new HttpClient())
        {
            using var request = TweetRequests.Tweet(new Uri(gateway!), secret!, new { id, text = "Traced through the dashboard #javaone", author = "newcomer" });
            request.Headers.Add("traceparent", $"00-{traceId}-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8))}-01");
            using var response = await http.SendAsync(request);
            await TweetRequests.AcceptedIdAsync(response);
        }
        await Assertions.Expect(page.Locator($"li[data-tweet-id=\"{id}\"] .tweet-text")).ToHaveTextAsync("Traced through the dashboard #javaone");

        var dashboard = await Browser.NewPageAsync(new() { ViewportSize = new() { Width = 1600, Height = 1000 } });
        await dashboard.GotoAsync(login!);
        var origin = new Uri(login!).GetLeftPart(UriPartial.Authority);
        await dashboard.GotoAsync($"{origin}/");
        // The dashboard's own page once showed "An unhandled error has occurred. Reload" and no resources (its
        // circuit failed on a loaded machine): a user reloads, and so does this test, once.
        var resources = new[] { "kafka-broker", "ingest", "push-gateway", "like-tracking", "analytics", "gateway", "simulator" };
        if (!await ShowsAllAsync(dashboard, resources, TimeSpan.FromSeconds(30))
            && (await dashboard.Locator("body").InnerTextAsync()).Contains("An unhandled error has occurred", StringComparison.Ordinal))
        {
            await dashboard.ReloadAsync();
        }
        foreach (var resource in resources)
        {
            await Assertions.Expect(dashboard.GetByText(resource, new() { Exact = false }).First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        }
        // Every resource running and healthy (the state column says so; nothing starting, waiting or unhealthy).
        await Eventually.HoldsAsync(async () =>
        {
            var text = await dashboard.Locator("body").InnerTextAsync();
            var bad = new[] { "Unhealthy", "Starting", "Waiting", "Exited", "Failed" }.Where(s => text.Contains(s, StringComparison.Ordinal)).ToList();
            return bad.Count == 0 ? null : $"The resources page shows {string.Join(", ", bad)}: {text}";
        }, Wait, TimeSpan.FromSeconds(1));
        await BrowserLaunch.ScreenshotAsync(dashboard, "aspire-dashboard-resources.png");
        var pushGatewayReplica = PushGatewayReplica().Match(await dashboard.Locator("body").InnerTextAsync()).Value;
        Assert.NotEmpty(pushGatewayReplica);

        // The spans arrive in the exporters' batches: look again until all three services are in the trace.
        await Eventually.HoldsAsync(async () =>
        {
            await dashboard.GotoAsync($"{origin}/traces/detail/{traceId}");
            await dashboard.WaitForLoadStateAsync(LoadState.NetworkIdle);
            var text = await dashboard.Locator("body").InnerTextAsync();
            var missing = new[] { "gateway", "ingest", "push-gateway", "tweets.v1" }.Where(s => !text.Contains(s, StringComparison.Ordinal)).ToList();
            return missing.Count == 0 ? null : $"Trace {traceId} in the dashboard lacks {string.Join(", ", missing)}: {text[..Math.Min(text.Length, 1500)]}";
        }, Wait, TimeSpan.FromSeconds(2));
        await BrowserLaunch.ScreenshotAsync(dashboard, "aspire-dashboard-trace.png");

        // The services' own metrics: connected SSE clients (the page above is one) and Kafka consumer lag.
        await Eventually.HoldsAsync(async () =>
        {
            await dashboard.GotoAsync($"{origin}/metrics/resource/{pushGatewayReplica}");
            await dashboard.WaitForLoadStateAsync(LoadState.NetworkIdle);
            var text = await dashboard.Locator("body").InnerTextAsync();
            var missing = new[] { "TweetPlatform.PushGateway", "sse.clients.connected", "kafka.consumer.lag", "TweetPlatform.Messaging" }
                .Where(s => !text.Contains(s, StringComparison.Ordinal)).ToList();
            return missing.Count == 0 ? null : $"The metrics of {pushGatewayReplica} lack {string.Join(", ", missing)}: {text[..Math.Min(text.Length, 1500)]}";
        }, Wait, TimeSpan.FromSeconds(2));
        await dashboard.Locator("fluent-tree-item[title=\"sse.clients.connected\"]").First.ClickAsync();
        await Assertions.Expect(dashboard.GetByText("Open SSE streams.", new() { Exact = false }).First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await BrowserLaunch.ScreenshotAsync(dashboard, "aspire-dashboard-metrics.png");
    }

    [GeneratedRegex(@"push-gateway-[a-z0-9]+")]
    private static partial Regex PushGatewayReplica();

    [GeneratedRegex(@"Login to the dashboard at (\S+)")]
    private static partial Regex LoginLine();

    [GeneratedRegex(@"TweetPlatform is ready: open (\S+)")]
    private static partial Regex ReadyLine();

    [GeneratedRegex(@"Webhook secret \(generated for this run\): (\S+)")]
    private static partial Regex SecretLine();

    private static async Task<bool> ShowsAllAsync(Microsoft.Playwright.IPage page, IEnumerable<string> texts, TimeSpan timeout)
    {
        try
        {
            foreach (var text in texts)
            {
                await Assertions.Expect(page.GetByText(text, new() { Exact = false }).First).ToBeVisibleAsync(new() { Timeout = (float)timeout.TotalMilliseconds });
            }
            return true;
        }
        catch (Microsoft.Playwright.PlaywrightException)
        {
            return false;
        }
    }
}
