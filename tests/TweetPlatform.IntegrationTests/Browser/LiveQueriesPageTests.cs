using Microsoft.Playwright;
using TweetPlatform.IntegrationTests.Infrastructure;

namespace TweetPlatform.IntegrationTests.Browser;

/// <summary>
/// The Live queries panel in Chromium against the running system: a bad query's error shows inline with its place, a
/// query run from the page (with the operator secret) shows its result, and the result changes as webhook tweets arrive.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class LiveQueriesPageTests(PlatformFixture platform) : BrowserTest
{
    [Fact]
    public async Task A_query_written_in_the_page_shows_an_inline_error_then_its_live_result()
    {
        var page = await Browser.NewPageAsync();
        var problems = BrowserLaunch.CollectErrors(page);
        var refusedChecks = 0;
        page.Response += (_, response) => refusedChecks += response.Url.EndsWith("/api/queries/check", StringComparison.Ordinal) && response.Status == 400 ? 1 : 0;
        await page.GotoAsync(platform.Gateway.ToString());
        var editor = page.Locator("[data-testid=query-editor]");

        await editor.FillAsync("SELECT COUNT(*) FORM tweets");
        await Assertions.Expect(page.Locator("[data-testid=query-error]")).ToContainTextAsync("Line 1, column 17");
        await Assertions.Expect(page.Locator("[data-testid=query-error]")).ToContainTextAsync("FROM");

        var author = "pg" + Guid.NewGuid().ToString("N")[..10];
        var name = "page " + author;
        await editor.FillAsync($"SELECT hashtag, COUNT(*) AS tweets FROM tweets WHERE author = '{author}' GROUP BY hashtag");
        await Assertions.Expect(page.Locator("[data-testid=query-error]")).ToBeHiddenAsync();
        await page.Locator("[data-testid=query-name]").FillAsync(name);
        await page.Locator("[data-testid=query-secret]").FillAsync(platform.System.OperatorSecret);
        await page.Locator("[data-testid=query-run]").ClickAsync();

        var item = page.Locator("[data-testid=query-item]").Filter(new() { HasText = name });
        await Assertions.Expect(item.Locator("[data-testid=query-watch]")).ToHaveTextAsync("Watching");
        var id = await item.GetAttributeAsync("data-query-id");
        Assert.NotNull(id);
        using var queries = new LiveQueryClient(platform);
        try
        {
            using (var input = new AnalyticsInput(platform.System.KafkaBootstrapServers))
            {
                await queries.WaitUntilRunningEverywhereAsync(input, id!, author, TimeSpan.FromSeconds(90));
            }
            using var http = new HttpClient();
            for (var i = 0; i < 3; i++)
            {
                using var response = await http.SendAsync(TweetRequests.Tweet(platform.Gateway, platform.WebhookSecret,
                    new { id = $"pg-{author}-{i}", text = "live #kafka", author, hashtags = new[] { "kafka" } }));
                await TweetRequests.AcceptedIdAsync(response);
            }

            var row = page.Locator("[data-testid=query-table] tbody tr").Filter(new() { HasText = "kafka" });
            await Assertions.Expect(row.Locator("td").Nth(1)).ToHaveTextAsync("3", new() { Timeout = 30_000 });
            await Assertions.Expect(page.Locator("[data-testid=query-result-status]")).ToHaveTextAsync("running");
            await BrowserLaunch.ScreenshotAsync(page, "live-queries.png");
            // Chromium logs every 4xx answer to a fetch; the check's 400s are the inline errors, expected here.
            Assert.InRange(refusedChecks, 1, int.MaxValue);
            Assert.All(problems, p => Assert.Equal("console: Failed to load resource: the server responded with a status of 400 (Bad Request)", p));
        }
        finally
        {
            await queries.DeleteAsync(id!);
        }
    }
}
