using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace TweetPlatform.UnitTests.Apis;

/// <summary>
/// A service in-process on ASP.NET Core's TestServer, registered and piped as its Program.cs does, with Kafka
/// pointed at a port where nothing listens (what these tests check never needs a broker, or is its absence).
/// WebApplicationFactory would find Program.cs itself, but our feed has Microsoft.AspNetCore.Mvc.Testing only
/// up to 8.0, not for .NET 10.
/// </summary>
public sealed class InProcessService : IAsyncDisposable
{
    private readonly WebApplication _app;

    private InProcessService(WebApplication app, bool onSockets)
    {
        _app = app;
        Http = onSockets ? new HttpClient { BaseAddress = new Uri(app.Urls.First()) } : app.GetTestClient();
    }

    public HttpClient Http { get; }

    /// <param name="projectFolder">The service's folder in the repository (e.g. <c>services/Ingest</c>): its appsettings.json are read from there.</param>
    /// <param name="onSockets">On Kestrel at a free loopback port instead of the TestServer (for a service that calls itself).</param>
    public static async Task<InProcessService> StartAsync(string projectFolder, IDictionary<string, string?> settings,
        Action<WebApplicationBuilder> addApplicationServices, Action<WebApplication> pipeline, bool onSockets = false)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = Environments.Development,
            // Not the test's own folder: every service's appsettings.json is copied there, and one of them wins.
            ContentRootPath = Path.Combine(RepositoryFolder.Root, projectFolder),
        });
        if (onSockets)
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
        }
        else
        {
            builder.WebHost.UseTestServer();
        }
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:kafka"] = "127.0.0.1:9", // the discard port: nothing listens there
            ["Kafka:Topics:Provision"] = "false",
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddServiceDefaults();
        addApplicationServices(builder);
        var app = builder.Build();
        pipeline(app);
        await app.StartAsync();
        return new InProcessService(app, onSockets);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        // As a service's host ends (Host.DisposeAsync alone would not stop its hosted services first).
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
