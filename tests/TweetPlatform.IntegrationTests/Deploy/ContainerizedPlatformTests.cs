using System.Net;
using TweetPlatform.IntegrationTests.Infrastructure;

namespace TweetPlatform.IntegrationTests.Deploy;

/// <summary>
/// The platform in containers, from the Kubernetes manifests: the <c>local</c> overlay (the dev broker standing in
/// for Kafka) run by <c>podman kube play</c>. A webhook tweet through the gateway container reaches two SSE
/// clients, a like changes the count both see, and like-tracking stopped with SIGTERM and started again loses
/// no like and counts none twice. Everything is taken down afterwards.
/// </summary>
[Collection(BuiltImages.Collection)]
public sealed class ContainerizedPlatformTests(BuiltImages images, Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private const string Secret = "containerized-test-webhook-secret-0123456789";
    private const string SecretName = "tweetplatform-webhook";
    private static readonly Uri Gateway = new("http://127.0.0.1:18080");
    private static readonly Uri LikeTracking = new("http://127.0.0.1:18083");
    private static readonly int[] ServicePorts = [18080, 18081, 18082, 18083, 18084]; // the local overlay's gateway, ingest, push-gateway, like-tracking, analytics
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(120);
    private readonly string _manifest = Path.Combine(Path.GetTempPath(), $"tweetplatform-local-{Guid.NewGuid():N}.yaml");
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public async Task InitializeAsync()
    {
        var overlay = Path.Combine(Hosting.RepositoryLayout.Root, "deploy", "k8s", "overlays", "local");
        var (exit, yaml) = await ShellCommand.RunAsync("kubectl", ["kustomize", overlay], TimeSpan.FromSeconds(60));
        Assert.True(exit == 0, yaml);
        // The images this run built, under their own tag.
        foreach (var name in BuiltImages.Names)
        {
            yaml = yaml.Replace($"image: tweetplatform/{name}:0.1.0", $"image: tweetplatform/{name}:{images.Tag}", StringComparison.Ordinal);
        }
        await File.WriteAllTextAsync(_manifest, yaml);

        // The webhook secret, created apart from the manifests as on a cluster (podman's form: key -> base64).
        await BuiltImages.PodmanAsync(TimeSpan.FromSeconds(30), "secret", "rm", SecretName);
        var secretFile = _manifest + ".secret.json";
        await File.WriteAllTextAsync(secretFile, $"{{\"secret\":\"{Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Secret))}\"}}");
        var (secretExit, secret) = await BuiltImages.PodmanAsync(TimeSpan.FromSeconds(30), "secret", "create", SecretName, secretFile);
        File.Delete(secretFile);
        Assert.True(secretExit == 0, secret);

        var started = DateTimeOffset.UtcNow;
        var (playExit, play) = await BuiltImages.PodmanAsync(TimeSpan.FromMinutes(3), "kube", "play", _manifest);
        Assert.True(playExit == 0, play);
        foreach (var port in ServicePorts)
        {
            await Eventually.TrueAsync(() => IsHealthyAsync(new Uri($"http://127.0.0.1:{port}")), $"the service on port {port} is healthy",
                Wait, TimeSpan.FromMilliseconds(500));
        }
        output.WriteLine($"podman kube play to every service healthy: {(DateTimeOffset.UtcNow - started).TotalSeconds:F1} s");
    }

    public async Task DisposeAsync()
    {
        var (_, containers) = await BuiltImages.PodmanAsync(TimeSpan.FromSeconds(30), "ps", "-a", "--format", "{{.Names}} {{.Status}}");
        output.WriteLine(containers);
        // The end of every service's log, for a failure's story.
        foreach (var name in BuiltImages.Names.Where(n => n != "simulator"))
        {
            var (_, log) = await BuiltImages.PodmanAsync(TimeSpan.FromSeconds(30), "logs", "--tail", "15", $"{name}-pod-0-{name}");
            output.WriteLine($"--- {name}:{Environment.NewLine}{log}");
        }
        await BuiltImages.PodmanAsync(TimeSpan.FromMinutes(2), "kube", "down", _manifest);
        await BuiltImages.PodmanAsync(TimeSpan.FromSeconds(30), "secret", "rm", SecretName);
        File.Delete(_manifest);
        _http.Dispose();
    }

    private async Task<bool> IsHealthyAsync(Uri service)
    {
        try
        {
            using var response = await _http.GetAsync(new Uri(service, "/health"));
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    [Fact]
    public async Task A_webhook_tweet_reaches_every_sse_client_likes_are_counted_and_like_tracking_restarted_with_sigterm_loses_none()
    {
        // Unfiltered: this platform is the test's alone.
        await using var first = await SseTestClient.ConnectAsync(new Uri(Gateway, "/api/updates"));
        await using var second = await SseTestClient.ConnectAsync(new Uri(Gateway, "/api/updates"));

        var id = TweetRequests.UniqueId();
        using (var response = await _http.SendAsync(TweetRequests.Tweet(Gateway, Secret, new { id, text = "Kubernetes manifests #kubecon", author = "ana" })))
        {
            Assert.Equal(id, await TweetRequests.AcceptedIdAsync(response));
        }
        foreach (var client in new[] { first, second })
        {
            await client.WaitForEventAsync(e => e.EventType == "tweet" && TweetRequests.TweetIdOf(e) == id, Wait);
        }

        await LikeAsync(id, "viewer-k8s-0001");
        await CountSeenAsync([first, second], id, 1);

        // SIGTERM (what a cluster sends), then started again: the like before counts once, the like after counts.
        var container = "like-tracking-pod-0-like-tracking";
        var (stopExit, stop) = await BuiltImages.PodmanAsync(TimeSpan.FromSeconds(60), "stop", "--time", "30", container);
        Assert.True(stopExit == 0, stop);
        var (_, exitCode) = await BuiltImages.PodmanAsync(TimeSpan.FromSeconds(30), "inspect", container, "--format", "{{.State.ExitCode}}");
        Assert.Equal("0", exitCode.Trim());
        var (startExit, start) = await BuiltImages.PodmanAsync(TimeSpan.FromSeconds(60), "start", container);
        Assert.True(startExit == 0, start);
        await Eventually.TrueAsync(() => IsHealthyAsync(LikeTracking), "like-tracking is healthy again", Wait, TimeSpan.FromMilliseconds(500));

        await LikeAsync(id, "viewer-k8s-0002");
        await CountSeenAsync([first, second], id, 2);
        using var count = await _http.SendAsync(TweetRequests.Likes(HttpMethod.Get, Gateway, id, "viewer-k8s-0003"));
        Assert.Equal(2, TweetRequests.Json(await count.Content.ReadAsStringAsync()).GetProperty("count").GetInt32());
    }

    private async Task LikeAsync(string tweetId, string viewer)
    {
        // The gateway may answer 502/503 for a moment while like-tracking comes back: retry as the SPA does.
        await Eventually.TrueAsync(async () =>
        {
            using var response = await _http.SendAsync(TweetRequests.Likes(HttpMethod.Post, Gateway, tweetId, viewer));
            return response.IsSuccessStatusCode;
        }, $"{viewer}'s like is accepted", Wait, TimeSpan.FromMilliseconds(500));
    }

    private static async Task CountSeenAsync(IEnumerable<SseTestClient> clients, string tweetId, int count)
    {
        foreach (var client in clients)
        {
            await client.WaitForEventAsync(e => e.EventType == "likes" && TweetRequests.TweetIdOf(e) == tweetId
                && TweetRequests.Json(e.Data).GetProperty("count").GetInt32() == count, Wait);
        }
    }
}
