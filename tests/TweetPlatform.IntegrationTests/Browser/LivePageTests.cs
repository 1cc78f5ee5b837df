using Microsoft.Playwright;
using TweetPlatform.IntegrationTests.Infrastructure;
using TweetPlatform.LocalRun;

namespace TweetPlatform.IntegrationTests.Browser;

/// <summary>
/// The page in a real browser (Debian's Chromium, driven by Playwright) against the running system:
/// a tweet posted by webhook appears live, hostile text stays text, and the page logs no errors.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class LivePageTests(PlatformFixture platform) : IAsyncLifetime
{
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath(),
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    [Fact]
    public async Task A_webhook_tweet_appears_live_and_hostile_text_renders_as_text()
    {
        var page = await _browser.NewPageAsync();
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                problems.Add($"console: {message.Text}");
            }
        };
        page.PageError += (_, error) => problems.Add($"page error: {error}");

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

        var output = Path.Combine(RepositoryLayout.Root, "test-output", "browser");
        Directory.CreateDirectory(output);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(output, "live-page.png"), FullPage = true });
        Assert.Empty(problems);
    }

    private static string ChromiumPath()
    {
        var path = Environment.GetEnvironmentVariable("TWEETPLATFORM_CHROMIUM") is { Length: > 0 } configured ? configured : "/usr/bin/chromium";
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"No Chromium at {path}: install Debian's chromium (apt-get install chromium), or set TWEETPLATFORM_CHROMIUM.");
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
