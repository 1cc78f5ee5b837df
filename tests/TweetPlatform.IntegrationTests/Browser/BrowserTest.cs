using Microsoft.Playwright;

namespace TweetPlatform.IntegrationTests.Browser;

/// <summary>A Playwright-driven Debian Chromium for one test class, started and stopped around it.</summary>
public abstract class BrowserTest : IAsyncLifetime
{
    private IPlaywright _playwright = null!;

    protected IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(BrowserLaunch.Options());
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}
