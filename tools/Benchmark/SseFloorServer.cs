using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TweetPlatform.Hosting;

namespace TweetPlatform.Benchmark;

/// <summary>
/// The framework's floor for an idle SSE connection: a bare ASP.NET Core endpoint (slim builder, no logging, no
/// middleware) that writes one comment and holds the response open. Run as a child process of the benchmark, so its
/// managed heap per connection is measured the same way as the push gateway's and the two can be compared.
/// </summary>
public static class SseFloorServer
{
    public const string Argument = "--serve-sse-floor";

    /// <summary>Serves until SIGTERM; the first line written is the address.</summary>
    public static async Task<int> RunAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = builder.Build();
        app.MapGet("/api/updates", async (HttpContext context) =>
        {
            context.Response.ContentType = "text/event-stream";
            await context.Response.WriteAsync(": connected\n\n", context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        });
        await app.StartAsync();
        Console.WriteLine(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
        await app.WaitForShutdownAsync();
        return 0;
    }

    /// <summary>Starts this program again as the floor server; disposing the process stops it.</summary>
    public static async Task<(ChildProcess Process, Uri Url)> StartAsync()
    {
        var address = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var floor = ChildProcess.StartDotnet("sse-floor", typeof(SseFloorServer).Assembly.Location, [Argument],
            new Dictionary<string, string> { ["DOTNET_gcServer"] = "1" }, // as the push gateway (a web project) runs
            _ => { });
        floor.LineReceived += line => address.TrySetResult(line);
        try
        {
            return (floor, new Uri(new Uri(await address.Task.WaitAsync(TimeSpan.FromSeconds(30))), "/api/updates"));
        }
        catch
        {
            await floor.DisposeAsync();
            throw;
        }
    }
}
