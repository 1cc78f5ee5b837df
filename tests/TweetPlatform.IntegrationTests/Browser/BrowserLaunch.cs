using Microsoft.Playwright;
using TweetPlatform.Hosting;

namespace TweetPlatform.IntegrationTests.Browser;

/// <summary>Debian's Chromium for Playwright (no browser download here), and what every browser test checks.</summary>
public static class BrowserLaunch
{
    public static BrowserTypeLaunchOptions Options() => new()
    {
        ExecutablePath = ChromiumPath(),
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"],
    };

    /// <summary>Console errors and uncaught exceptions of a page, collected as they happen.</summary>
    public static List<string> CollectErrors(IPage page)
    {
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add($"console: {message.Text}");
            }
        };
        page.PageError += (_, error) => errors.Add($"page error: {error}");
        return errors;
    }

    public static Task ScreenshotAsync(IPage page, string fileName)
    {
        var output = Path.Combine(RepositoryLayout.Root, "test-output", "browser");
        Directory.CreateDirectory(output);
        return page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(output, fileName), FullPage = true });
    }

    private static string ChromiumPath()
    {
        var path = Environment.GetEnvironmentVariable("TWEETPLATFORM_CHROMIUM") is { Length: > 0 } configured ? configured : "/usr/bin/chromium";
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"No Chromium at {path}: install Debian's chromium (apt-get install chromium), or set TWEETPLATFORM_CHROMIUM.");
    }
}
