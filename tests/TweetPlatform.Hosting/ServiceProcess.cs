namespace TweetPlatform.Hosting;

/// <summary>Starts one service's built dll as its own process on a free loopback port and waits until it is healthy.</summary>
public static class ServiceProcess
{
    /// <summary>
    /// Address, environment name, service name and "topics exist already" are set here; <paramref name="environment"/>
    /// adds the rest (the Kafka address, the service's own settings).
    /// </summary>
    public static async Task<(ChildProcess Process, Uri Url)> StartAsync(string name, string project, IReadOnlyDictionary<string, string> environment,
        Action<string>? output = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var url = new Uri($"http://127.0.0.1:{RunningPlatform.FreePort()}");
        var env = new Dictionary<string, string>(environment, StringComparer.Ordinal)
        {
            ["ASPNETCORE_URLS"] = url.ToString().TrimEnd('/'),
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["OTEL_SERVICE_NAME"] = name,
            ["Kafka__Topics__Provision"] = "false",
        };
        var process = ChildProcess.StartDotnet(name, RepositoryLayout.ProjectDll(project), [], env, output ?? (_ => { }));
        try
        {
            await process.WaitUntilHealthyAsync(new Uri(url, "/health"), timeout ?? TimeSpan.FromSeconds(60), cancellationToken);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
        return (process, url);
    }
}
