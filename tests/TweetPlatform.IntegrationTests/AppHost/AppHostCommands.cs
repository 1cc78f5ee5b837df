using TweetPlatform.Hosting;

namespace TweetPlatform.IntegrationTests.AppHost;

/// <summary>Runs the built AppHost as a user does (<c>dotnet run --project AppHost -- ...</c>, without the build) and collects what it prints.</summary>
internal static class AppHostCommands
{
    public static async Task<(int ExitCode, string Output)> RunAsync(IReadOnlyList<string> args, IReadOnlyDictionary<string, string>? environment = null,
        TimeSpan? timeout = null)
    {
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await using var appHost = ChildProcess.StartDotnet("apphost", RepositoryLayout.ProjectDll("TweetPlatform.AppHost"), args,
            environment ?? new Dictionary<string, string>(), output.Enqueue);
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await appHost.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"The AppHost did not stop within {timeout ?? TimeSpan.FromSeconds(60)} (it must never hang):{Environment.NewLine}{string.Join(Environment.NewLine, output)}");
        }
        return (appHost.ExitCode, string.Join(Environment.NewLine, output));
    }
}
