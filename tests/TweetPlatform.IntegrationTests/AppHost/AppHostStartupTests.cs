using System.Net;
using System.Net.Sockets;

namespace TweetPlatform.IntegrationTests.AppHost;

/// <summary>A setting that cannot work stops the AppHost at once with a message naming it and the fix: never a silent hang.</summary>
public sealed class AppHostStartupTests
{
    [Fact]
    public async Task Container_mode_without_a_container_runtime_says_so_and_stops()
    {
        // A runtime command that does not exist stands for a machine without Docker (ours has none either).
        var (exitCode, output) = await AppHostCommands.RunAsync(["--TweetPlatform:Kafka:Mode=container"],
            new Dictionary<string, string> { ["ASPIRE_CONTAINER_RUNTIME"] = "no-such-container-runtime" });

        Assert.NotEqual(0, exitCode);
        Assert.Contains("needs a running container runtime", output);
        Assert.Contains("'no-such-container-runtime info'", output);
        Assert.Contains("embedded broker", output);
    }

    [Fact]
    public async Task A_gateway_port_already_in_use_is_named_with_how_to_choose_another()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var (exitCode, output) = await AppHostCommands.RunAsync([$"--TweetPlatform:Gateway:Port={port}"]);

        Assert.NotEqual(0, exitCode);
        Assert.Contains($"Port {port} is already in use", output);
        Assert.Contains("--TweetPlatform:Gateway:Port=", output);
    }

    [Fact]
    public async Task A_too_short_webhook_secret_is_refused_with_the_rule_and_the_fix()
    {
        var (exitCode, output) = await AppHostCommands.RunAsync(["--TweetPlatform:Gateway:Port=0", "--Parameters:webhook-secret=short"]);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("at least 16 characters", output);
        Assert.Contains("the one set has 5", output);
        Assert.DoesNotContain("short", output.Replace("the one set has", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--TweetPlatform:Replicas:PushGateway=0", "TweetPlatform:Replicas:PushGateway must be a whole number from 1 to 16")]
    [InlineData("--TweetPlatform:Kafka:Mode=zookeeper", "TweetPlatform:Kafka:Mode must be one of embedded, container")]
    [InlineData("--TweetPlatform:Simulator:Enabled=maybe", "TweetPlatform:Simulator:Enabled must be true or false")]
    [InlineData("--TweetPlatform:Kafka:StartEmpty=yes please", "TweetPlatform:Kafka:StartEmpty must be true or false")]
    public async Task A_bad_setting_is_named(string argument, string message)
    {
        var (exitCode, output) = await AppHostCommands.RunAsync([argument, "--TweetPlatform:Gateway:Port=0"]);

        Assert.NotEqual(0, exitCode);
        Assert.Contains(message, output);
    }
}
