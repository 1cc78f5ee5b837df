using TweetPlatform.IntegrationTests.Infrastructure;

namespace TweetPlatform.IntegrationTests.Deploy;

/// <summary>
/// Every image, built once for the deployment tests as <c>deploy/build-images.sh</c> builds them (on the build
/// machines' stand-in base, into podman's storage) under a tag of their own, and removed afterwards.
/// </summary>
public sealed class BuiltImages : IAsyncLifetime
{
    public const string Collection = "container images";
    public static readonly string[] Names = ["ingest", "push-gateway", "like-tracking", "analytics", "gateway", "simulator", "dev-kafka"];

    public static readonly IReadOnlyDictionary<string, string> PodmanEnvironment = new Dictionary<string, string>
    {
        ["CONTAINERS_CONF"] = Path.Combine(Hosting.RepositoryLayout.Root, "deploy", "build", "podman.conf"),
    };

    public string Tag { get; } = "test-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>What the build script printed: the time per image.</summary>
    public string BuildOutput { get; private set; } = "";

    public static Task<(int ExitCode, string Output)> PodmanAsync(TimeSpan timeout, params string[] arguments) =>
        ShellCommand.RunAsync("podman", arguments, timeout, PodmanEnvironment);

    public async Task InitializeAsync()
    {
        var deploy = Path.Combine(Hosting.RepositoryLayout.Root, "deploy");
        var (baseExit, baseOutput) = await ShellCommand.RunAsync(Path.Combine(deploy, "build", "standin-base.sh"), [], TimeSpan.FromMinutes(5), PodmanEnvironment);
        Assert.True(baseExit == 0, baseOutput);
        var (exit, built) = await ShellCommand.RunAsync(Path.Combine(deploy, "build-images.sh"), [], TimeSpan.FromMinutes(15),
            new Dictionary<string, string>(PodmanEnvironment) { ["LOCAL_REGISTRY"] = "Podman", ["BASE_IMAGE"] = baseOutput.Trim().Split('\n')[^1], ["TAG"] = Tag });
        Assert.True(exit == 0, built);
        BuildOutput = built;
    }

    public async Task DisposeAsync()
    {
        foreach (var name in Names)
        {
            await PodmanAsync(TimeSpan.FromSeconds(60), "rmi", "-f", $"tweetplatform/{name}:{Tag}");
        }
    }
}

[CollectionDefinition(BuiltImages.Collection)]
public sealed class BuiltImagesCollection : ICollectionFixture<BuiltImages>;
