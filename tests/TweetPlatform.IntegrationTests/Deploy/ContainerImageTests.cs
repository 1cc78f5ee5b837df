using System.Text.Json.Nodes;
using TweetPlatform.IntegrationTests.Infrastructure;

namespace TweetPlatform.IntegrationTests.Deploy;

/// <summary>
/// Every image as <c>deploy/build-images.sh</c> builds it (the .NET SDK's container support, here on the build
/// machines' stand-in base): non-root, port 8080, OCI labels, tagged with version and git sha; a service started
/// without its Kafka setting stops at once naming it; the dev broker runs and stops cleanly on SIGTERM.
/// Real podman containers; the images are removed afterwards.
/// </summary>
public sealed class ContainerImageTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly string[] Images = ["ingest", "push-gateway", "like-tracking", "analytics", "gateway", "simulator", "dev-kafka"];
    private static readonly Dictionary<string, string> Podman = new()
    {
        ["CONTAINERS_CONF"] = Path.Combine(Hosting.RepositoryLayout.Root, "deploy", "build", "podman.conf"),
    };

    private static Task<(int ExitCode, string Output)> PodmanAsync(TimeSpan timeout, params string[] arguments) =>
        ShellCommand.RunAsync("podman", arguments, timeout, Podman);

    [Fact]
    public async Task Every_image_builds_runs_as_non_root_on_8080_with_labels_and_a_service_without_kafka_names_the_setting()
    {
        var tag = "test-" + Guid.NewGuid().ToString("N")[..8];
        var (baseExit, baseOutput) = await ShellCommand.RunAsync(Path.Combine(Hosting.RepositoryLayout.Root, "deploy", "build", "standin-base.sh"), [], TimeSpan.FromMinutes(5), Podman);
        Assert.True(baseExit == 0, baseOutput);
        var baseImage = baseOutput.Trim().Split('\n')[^1];
        try
        {
            var (exit, built) = await ShellCommand.RunAsync(Path.Combine(Hosting.RepositoryLayout.Root, "deploy", "build-images.sh"), [], TimeSpan.FromMinutes(15),
                new Dictionary<string, string>(Podman) { ["LOCAL_REGISTRY"] = "Podman", ["BASE_IMAGE"] = baseImage, ["TAG"] = tag });
            Assert.True(exit == 0, built);
            output.WriteLine(built);

            foreach (var name in Images)
            {
                var (inspectExit, json) = await PodmanAsync(TimeSpan.FromSeconds(30), "image", "inspect", $"tweetplatform/{name}:{tag}");
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
            var (ingestExit, ingest) = await PodmanAsync(TimeSpan.FromSeconds(60), "run", "--rm", $"tweetplatform/ingest:{tag}");
            Assert.NotEqual(0, ingestExit);
            Assert.Contains("ConnectionStrings:kafka", ingest);

            // The dev broker (for the all-in-containers demo and tests) runs and stops on SIGTERM, cleanly.
            var container = "tweetplatform-test-" + tag;
            var (runExit, run) = await PodmanAsync(TimeSpan.FromSeconds(60), "run", "-d", "--name", container, $"tweetplatform/dev-kafka:{tag}");
            Assert.True(runExit == 0, run);
            try
            {
                await Eventually.TrueAsync(async () => (await PodmanAsync(TimeSpan.FromSeconds(30), "logs", container)).Output.Contains("bootstrap: ", StringComparison.Ordinal),
                    "the dev broker says its bootstrap address", TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(500));
                var (stopExit, stop) = await PodmanAsync(TimeSpan.FromSeconds(60), "stop", "--time", "20", container);
                Assert.True(stopExit == 0, stop);
                var (_, state) = await PodmanAsync(TimeSpan.FromSeconds(30), "inspect", container, "--format", "{{.State.ExitCode}}");
                Assert.Equal("0", state.Trim());
                Assert.Contains("Stopping embedded Kafka.", (await PodmanAsync(TimeSpan.FromSeconds(30), "logs", container)).Output);
            }
            finally
            {
                await PodmanAsync(TimeSpan.FromSeconds(60), "rm", "-f", container);
            }
        }
        finally
        {
            foreach (var name in Images)
            {
                await PodmanAsync(TimeSpan.FromSeconds(60), "rmi", "-f", $"tweetplatform/{name}:{tag}");
            }
        }
    }
}
