using TweetPlatform.Hosting;

namespace TweetPlatform.IntegrationTests.Infrastructure;

/// <summary>Starts one service's built dll as its own process on a free loopback port and waits until it is healthy.</summary>
public static class ServiceProcess
{
    public static async Task<(ChildProcess Process, Uri Url)> StartAsync(string name, string project, IReadOnlyDictionary<string, string> environment)
    {
        var url = new Uri($"http://127.0.0.1:{RunningPlatform.FreePort()}");
        var env = new Dictionary<string, string>(environment, StringComparer.Ordinal)
        {
            ["ASPNETCORE_URLS"] = url.ToString().TrimEnd('/'),
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["OTEL_SERVICE_NAME"] = name,
            ["Kafka__Topics__Provision"] = "false",
        };
        var process = ChildProcess.StartDotnet(name, RepositoryLayout.ProjectDll(project), [], env, _ => { });
        try
        {
            await process.WaitUntilHealthyAsync(new Uri(url, "/health"), TimeSpan.FromSeconds(60));
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
        return (process, url);
    }
}
