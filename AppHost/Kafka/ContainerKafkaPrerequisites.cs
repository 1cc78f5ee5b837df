using System.Diagnostics;
using Microsoft.Extensions.Configuration;

namespace TweetPlatform.AppHost.Kafka;

/// <summary>
/// What container mode needs before anything starts: the Aspire.Hosting.Kafka package compiled in, and a
/// container runtime that answers. Without this check DCP would mark the broker unhealthy and every
/// service would wait for it forever.
/// </summary>
internal static class ContainerKafkaPrerequisites
{
    public const string PackageMissing =
        "TweetPlatform:Kafka:Mode=container runs Kafka with Aspire.Hosting.Kafka, which this build does not include " +
        "(the package feed of our build machines does not serve it). Build with it where it can be restored: " +
        "dotnet run --project AppHost -p:UseAspireHostingKafka=true --launch-profile container. " +
        "Or leave the mode unset for the embedded broker.";

    public static bool Check(IConfiguration configuration, out string problem)
    {
        var runtime = configuration["DcpPublisher:ContainerRuntime"] ?? configuration["ASPIRE_CONTAINER_RUNTIME"] ?? "docker";
        if (!RuntimeAnswers(runtime, out var why))
        {
            problem = $"TweetPlatform:Kafka:Mode=container needs a running container runtime, and '{runtime} info' {why}. " +
                "Start Docker (or set ASPIRE_CONTAINER_RUNTIME=podman), or leave the mode unset for the embedded broker (no Docker needed).";
            return false;
        }
#if ASPIRE_HOSTING_KAFKA
        problem = "";
        return true;
#else
        problem = PackageMissing;
        return false;
#endif
    }

    private static bool RuntimeAnswers(string runtime, out string why)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(runtime, ["info"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            })!;
            _ = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(20)))
            {
                process.Kill(entireProcessTree: true);
                why = "did not answer within 20 s";
                return false;
            }
            why = process.ExitCode == 0 ? "" : $"failed (exit code {process.ExitCode}): {error.Result.Trim()}";
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            why = $"could not run: {ex.Message}";
            return false;
        }
    }
}
