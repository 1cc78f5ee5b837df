using TweetPlatform.Hosting;

namespace TweetPlatform.IntegrationTests.Infrastructure;

/// <summary>Several services, each its own process with the same settings, started together (each healthy) and stopped together.</summary>
public sealed class ServiceProcesses : IAsyncDisposable
{
    private readonly List<ChildProcess> _processes = [];
    private readonly Dictionary<string, Uri> _urls = [];

    /// <summary>By service name (e.g. "ingest").</summary>
    public IReadOnlyDictionary<string, Uri> Urls => _urls;

    /// <param name="services">Service name and project, e.g. ("ingest", "TweetPlatform.Ingest").</param>
    public static async Task<ServiceProcesses> StartAsync(IReadOnlyDictionary<string, string> environment, params (string Name, string Project)[] services)
    {
        var group = new ServiceProcesses();
        var starts = services.Select(s => ServiceProcess.StartAsync(s.Name, s.Project, environment)).ToList();
        try
        {
            await Task.WhenAll(starts);
        }
        finally
        {
            // Whatever did start is stopped with the group, also when another one failed.
            foreach (var (service, start) in services.Zip(starts).Where(s => s.Second.IsCompletedSuccessfully))
            {
                group._processes.Add(start.Result.Process);
                group._urls[service.Name] = start.Result.Url;
            }
        }
        return group;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }
    }
}
