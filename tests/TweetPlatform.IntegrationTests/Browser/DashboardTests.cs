using Microsoft.Playwright;
using TweetPlatform.IntegrationTests.Infrastructure;
using TweetPlatform.AppHost.Settings;

namespace TweetPlatform.IntegrationTests.Browser;

/// <summary>
/// The dashboard in a real browser: panels filled from live findings for the conferences in the URL,
/// light and dark theme (screenshots saved under test-output/browser), keyboard use, and a page that
/// reconnects by itself when every push-gateway instance is restarted.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class DashboardTests(PlatformFixture platform) : BrowserTest
{
    private static readonly LocatorAssertionsToHaveTextOptions Slow = new() { Timeout = 30_000 };

    private async Task PostAsync(HttpClient http, string id, string text, DateTimeOffset? createdAt = null)
    {
        using var response = await http.SendAsync(TweetRequests.Tweet(platform.Gateway, platform.WebhookSecret,
            new { id, text, author = "speaker", createdAt = createdAt ?? DateTimeOffset.UtcNow }));
        await TweetRequests.AcceptedIdAsync(response);
    }

    private async Task LikeAsync(HttpClient http, string tweetId, string viewer)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(platform.Gateway, $"/api/tweets/{tweetId}/likes"));
        request.Headers.Add("X-Viewer-Id", viewer);
        using var response = await http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"like answered {(int)response.StatusCode}");
    }

    [Fact]
    public async Task The_dashboard_shows_the_filtered_conference_live_in_every_panel_in_light_and_dark()
    {
        await using var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        var errors = BrowserLaunch.CollectErrors(page);
        await page.GotoAsync(new Uri(platform.Gateway, "/?conference=kafkasummit").ToString());
        await Assertions.Expect(page.Locator("#connection-status")).ToHaveTextAsync("live");

        using var http = new HttpClient();
        var run = TweetRequests.UniqueId();
        var ids = Enumerable.Range(0, PlatformFixture.AlertThreshold + 3).Select(i => $"dash-{run}-{i}").ToList();
        // One event time for all, so they fall in one 1-minute window (sent across a minute boundary, no window would pass the threshold).
        var at = DateTimeOffset.UtcNow;
        foreach (var (id, i) in ids.Select((id, i) => (id, i)))
        {
            await PostAsync(http, id, $"Talk {i} on #streams and #kafka at #kafkasummit" + (i % 2 == 0 ? " #ksql" : ""), at);
        }
        var otherConference = $"dash-{run}-other";
        await PostAsync(http, otherConference, "Elsewhere #devoxx");
        await LikeAsync(http, ids[2], $"viewer-{run}-a");
        await LikeAsync(http, ids[2], $"viewer-{run}-b");
        await LikeAsync(http, ids[5], $"viewer-{run}-a");

        foreach (var id in ids)
        {
            await Assertions.Expect(page.Locator($"#tweets li[data-tweet-id=\"{id}\"]")).ToHaveCountAsync(1);
        }
        await Assertions.Expect(page.Locator($"#tweets li[data-tweet-id=\"{otherConference}\"]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#trending")).ToContainTextAsync("streams", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#top-liked")).ToContainTextAsync("Talk 2", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#tweets-per-minute svg").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#alerts")).ToContainTextAsync("kafkasummit", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#conference-filter")).ToContainTextAsync("kafkasummit");

        await BrowserLaunch.ScreenshotAsync(page, "dashboard-light.png");
        var theme = page.Locator("#theme-toggle");
        await theme.ClickAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-theme", "dark");
        await BrowserLaunch.ScreenshotAsync(page, "dashboard-dark.png");
        await page.SetViewportSizeAsync(390, 844);
        await BrowserLaunch.ScreenshotAsync(page, "dashboard-phone-dark.png");

        // Keyboard: the toggle is a real button, reachable and operable without a mouse.
        await theme.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-theme", "light");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task The_page_reconnects_by_itself_when_every_push_gateway_instance_restarts_and_misses_no_tweet()
    {
        var page = await Browser.NewPageAsync();
        var errors = BrowserLaunch.CollectErrors(page);
        await page.GotoAsync(platform.Gateway.ToString());
        var status = page.Locator("#connection-status");
        await Assertions.Expect(status).ToHaveTextAsync("live");
        using var http = new HttpClient();
        var run = TweetRequests.UniqueId();

        var restart = platform.System.RestartAsync(ResourceNames.PushGateway);
        await Assertions.Expect(status).Not.ToHaveTextAsync("live", new() { Timeout = 30_000 });
        await PostAsync(http, $"while-down-{run}", "Posted while the push gateway restarts #qcon");
        await restart;
        await Assertions.Expect(status).ToHaveTextAsync("live", Slow);
        await PostAsync(http, $"after-{run}", "Posted after the restart #qcon");

        await Assertions.Expect(page.Locator($"#tweets li[data-tweet-id=\"while-down-{run}\"]")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator($"#tweets li[data-tweet-id=\"after-{run}\"]")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        // The browser logs failed reconnect attempts (502 from the gateway while no instance is up) as errors; nothing else may fail.
        Assert.DoesNotContain(errors, e => !e.Contains("/api/updates", StringComparison.Ordinal) && !e.Contains("502", StringComparison.Ordinal)
            && !e.Contains("503", StringComparison.Ordinal));
    }
}
