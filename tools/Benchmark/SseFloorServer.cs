using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TweetPlatform.Benchmark;

/// <summary>
/// The framework's floor for an idle SSE connection: a bare ASP.NET Core endpoint (slim builder, no logging, no
/// middleware) that writes one comment and holds the response open. Run as a child process of the benchmark, so its
/// managed heap per connection is measured the same way as the push gateway's and the two can be compared.
/// </summary>
public static class SseFloorServer
{
    public const string Argument = "--serve-sse-floor";

    /// <summary>Serves until standard input closes; the first line written is the address.</summary>
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
        await Console.In.ReadToEndAsync();
        await app.StopAsync();
        return 0;
    }

    /// <summary>Starts this program again as the floor server; dispose the process (kill) to end it.</summary>
    public static async Task<(Process Process, Uri Url)> StartAsync()
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardInput = true, RedirectStandardOutput = true };
        start.Environment["DOTNET_gcServer"] = "1"; // as the push gateway (a web project) runs
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(typeof(SseFloorServer).Assembly.Location);
        }
        start.ArgumentList.Add(Argument);
        var process = Process.Start(start)!;
        var address = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30))
            ?? throw new InvalidOperationException("The SSE floor server ended before it reported its address.");
        return (process, new Uri(new Uri(address), "/api/updates"));
    }
}
