using System.Text.Json.Nodes;
using TweetPlatform.IntegrationTests.Infrastructure;

namespace TweetPlatform.IntegrationTests.Deploy;

/// <summary>
/// Every image as <c>deploy/build-images.sh</c> builds it (<see cref="BuiltImages"/>): non-root, port 8080, OCI labels, tagged with version and git sha; a service started
/// without its Kafka setting or its webhook secret stops at once naming it; the dev broker runs and stops cleanly on SIGTERM.
/// Real podman containers.
/// </summary>
[Collection(BuiltImages.Collection)]
public sealed class ContainerImageTests(BuiltImages images, Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public async Task Every_image_builds_runs_as_non_root_on_8080_with_labels_and_a_service_without_a_required_setting_names_it()
    {
        var tag = images.Tag;
        output.WriteLine(images.BuildOutput);
        foreach (var name in BuiltImages.Names)
        {
            var (inspectExit, json) = await BuiltImages.PodmanAsync(TimeSpan.FromSeconds(30), "image", "inspect", $"tweetplatform/{name}:{tag}");
            Assert.True(inspectExit == 0, json);
            var image = JsonNode.Parse(json)!.AsArray()[0]!;
            var config = image["Config"]!;
            Assert.Equal("1654", (string?)config["User"]);
            Assert.Contains("8080/tcp", config["ExposedPorts"]!.AsObject().Select(p => p.Key));
            var labels = config["Labels"]!;
            Assert.Equal($"tweetplatform/{name}", (string?)labels["org.opencontainers.image.title"]);
            Assert.False(string.IsNullOrEmpty((string?)labels["org.opencontainers.image.description"]));
            Assert.Matches(@"^\d+\.\d+\.\d+", (string?)labels["org.opencontainers.image.version"]);
            output.WriteLine($"tweetplatform/{name}:{tag}: {(long)image["Size"]! / 1_000_000} MB");
        }

        // Started without ConnectionStrings:kafka (configuration only from the environment): stops at once, naming it.
        var (ingestExit, ingest) = await BuiltImages.PodmanAsync(TimeSpan.FromSeconds(60), "run", "--rm", $"tweetplatform/ingest:{tag}");
        Assert.NotEqual(0, ingestExit);
        Assert.Contains("ConnectionStrings:kafka", ingest);
        // With Kafka named but no webhook secret (a Secret not mounted): the same, naming the secret's setting.
        var (noSecretExit, noSecret) = await BuiltImages.PodmanAsync(TimeSpan.FromSeconds(60), "run", "--rm", "-e", "ConnectionStrings__kafka=127.0.0.1:9",
            $"tweetplatform/ingest:{tag}");
        Assert.NotEqual(0, noSecretExit);
        Assert.Contains("Ingest:WebhookSecret", noSecret);

        // The dev broker (for the all-in-containers demo and tests) runs and stops on SIGTERM, cleanly.
        var container = "tweetplatform-test-" + tag;
        var (runExit, run) = await BuiltImages.PodmanAsync(TimeSpan.FromSeconds(60), "run", "-d", "--name", container, $"tweetplatform/dev-kafka:{tag}");
        Assert.True(runExit == 0, run);
        try
        {
            await Eventually.TrueAsync(async () => (await BuiltImages.PodmanAsync(TimeSpan.FromSeconds(30), "logs", container)).Output.Contains("bootstrap: ", StringComparison.Ordinal),
                "the dev broker says its bootstrap address", TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(500));
            var (stopExit, stop) = await BuiltImages.PodmanAsync(TimeSpan.FromSeconds(60), "stop", "--time", "20", container);
            Assert.True(stopExit == 0, stop);
            var (_, state) = await BuiltImages.PodmanAsync(TimeSpan.FromSeconds(30), "inspect", container, "--format", "{{.State.ExitCode}}");
            Assert.Equal("0", state.Trim());
            Assert.Contains("Stopping embedded Kafka.", (await BuiltImages.PodmanAsync(TimeSpan.FromSeconds(30), "logs", container)).Output);
        }
        finally
        {
            await BuiltImages.PodmanAsync(TimeSpan.FromSeconds(60), "rm", "-f", container);
        }
    }
}

