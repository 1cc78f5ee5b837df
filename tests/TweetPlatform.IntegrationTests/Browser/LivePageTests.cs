using Microsoft.Playwright;
using TweetPlatform.IntegrationTests.Infrastructure;

namespace TweetPlatform.IntegrationTests.Browser;

/// <summary>
/// The page in a real browser (Debian's Chromium, driven by Playwright) against the running system:
/// a tweet posted by webhook appears live, hostile text stays text, and the page logs no errors.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class LivePageTests(PlatformFixture platform) : BrowserTest
{
    [Fact]
    public async Task A_webhook_tweet_appears_live_and_hostile_text_renders_as_text()
    {
        var page = await Browser.NewPageAsync();
        var problems = BrowserLaunch.CollectErrors(page);

        await page.GotoAsync(platform.Gateway.ToString());
        await Assertions.Expect(page.Locator("#connection-status")).ToHaveTextAsync("live");

        const string hostile = "<img src=x onerror=\"window.__xss=1\"><script>window.__xss=2</script> #JavaOne";
        var id = "xss-" + TweetRequests.UniqueId();
        using (var http = new HttpClient())
        using (var response = await http.SendAsync(TweetRequests.Tweet(platform.Gateway, platform.WebhookSecret, new { id, text = hostile, author = "<b>mallory</b>" })))
        {
            await TweetRequests.AcceptedIdAsync(response);
        }

        var item = page.Locator($"li[data-tweet-id=\"{id}\"]");
        await Assertions.Expect(item.Locator(".tweet-text")).ToHaveTextAsync(hostile);
        await Assertions.Expect(item.Locator(".tweet-author")).ToHaveTextAsync("<b>mallory</b>");
        await Assertions.Expect(item.Locator(".tweet-conference")).ToHaveTextAsync("javaone");
        Assert.Equal(0, await page.Locator("#tweets img, #tweets script, #tweets b").CountAsync());
        Assert.Equal("none", await page.EvaluateAsync<string>("() => String(window.__xss ?? 'none')"));

        await BrowserLaunch.ScreenshotAsync(page, "live-page.png");
        Assert.Empty(problems);
    }
}
