using Microsoft.Playwright;
using TweetPlatform.IntegrationTests.Infrastructure;

namespace TweetPlatform.IntegrationTests.Browser;

/// <summary>Two browsers (two viewers) on the live page: a like in one shows in the other within moments.</summary>
[Collection(PlatformCollection.Name)]
public sealed class TwoBrowsersLikeTests(PlatformFixture platform) : BrowserTest
{
    [Fact]
    public async Task A_like_in_one_browser_appears_in_the_other()
    {
        // Separate contexts: separate storage, so two different anonymous viewers.
        await using var aliceContext = await Browser.NewContextAsync();
        await using var bobContext = await Browser.NewContextAsync();
        var alice = await aliceContext.NewPageAsync();
        var bob = await bobContext.NewPageAsync();
        var errors = BrowserLaunch.CollectErrors(alice).Concat(BrowserLaunch.CollectErrors(bob));
        foreach (var page in new[] { alice, bob })
        {
            await page.GotoAsync(platform.Gateway.ToString());
            await Assertions.Expect(page.Locator("#connection-status")).ToHaveTextAsync("live");
        }

        var id = "both-" + TweetRequests.UniqueId();
        using (var http = new HttpClient())
        using (var response = await http.SendAsync(TweetRequests.Tweet(platform.Gateway, platform.WebhookSecret, new { id, text = "Like this talk #devoxx", author = "speaker" })))
        {
            await TweetRequests.AcceptedIdAsync(response);
        }
        var aliceButton = alice.Locator($"li[data-tweet-id=\"{id}\"] button.like-button");
        var bobButton = bob.Locator($"li[data-tweet-id=\"{id}\"] button.like-button");
        await Assertions.Expect(bobButton.Locator(".like-count")).ToHaveTextAsync("0");

        await aliceButton.ClickAsync();

        await Assertions.Expect(aliceButton).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(bobButton.Locator(".like-count")).ToHaveTextAsync("1");
        await Assertions.Expect(bobButton).ToHaveAttributeAsync("aria-pressed", "false");

        await bobButton.ClickAsync();
        await Assertions.Expect(aliceButton.Locator(".like-count")).ToHaveTextAsync("2");

        await aliceButton.ClickAsync(); // unlike
        await Assertions.Expect(bobButton.Locator(".like-count")).ToHaveTextAsync("1");
        await Assertions.Expect(aliceButton).ToHaveAttributeAsync("aria-pressed", "false");

        await BrowserLaunch.ScreenshotAsync(bob, "likes-second-browser.png");
        Assert.Empty(errors.ToList());
    }
}
