using System.Net;
using TweetPlatform.IntegrationTests.Infrastructure;

namespace TweetPlatform.IntegrationTests.Deploy;

/// <summary>
/// The platform in containers, from the Kubernetes manifests: the <c>local</c> overlay (the dev broker standing in
/// for Kafka) run by <c>podman kube play</c>. A webhook tweet through the gateway container reaches two SSE
/// clients, a like changes the count both see, and like-tracking stopped with SIGTERM and started again loses
/// no like and counts none twice. Clients behind the gateway are counted by their own forwarded address, and a
/// forged one from an untrusted peer is ignored. Started before Kafka, the services stay up and unhealthy, take
/// nothing they cannot store, and work once Kafka appears. Everything is taken down afterwards.
/// </summary>
[Collection(BuiltImages.Collection)]
public sealed class ContainerizedPlatformTests(BuiltImages images, Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private const string Secret = "containerized-test-webhook-secret-0123456789";
    private const string SecretName = "tweetplatform-webhook";
    private const string OperatorSecret = "containerized-test-operator-secret-0123456789";
    private const string OperatorSecretName = "tweetplatform-operator";
    private static readonly Uri Gateway = new("http://127.0.0.1:18080");
    private static readonly Uri LikeTracking = new("http://127.0.0.1:18083");
    private static readonly int[] ServicePorts = [18080, 18081, 18082, 18083, 18084]; // the local overlay's gateway, ingest, push-gateway, like-tracking, analytics
    private static readonly int[] KafkaServicePorts = [18081, 18082, 18083, 18084];
    private const int StreamsPerAddress = 3; // push-gateway's per-address cap, lowered for the test
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(120);
    private readonly string _manifests = Path.Combine(Path.GetTempPath(), $"tweetplatform-local-{Guid.NewGuid():N}");
    private readonly List<string> _played = [];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private string[] _documents = [];

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
        const string kafkaSetting = "  ConnectionStrings__kafka: 127.0.0.1:19092\n";
        Assert.Contains(kafkaSetting, yaml);
        yaml = yaml.Replace(kafkaSetting, kafkaSetting + $"  PushGateway__MaxConnectionsPerAddress: \"{StreamsPerAddress}\"\n", StringComparison.Ordinal);
        _documents = yaml.Split("\n---\n");
        Directory.CreateDirectory(_manifests);

        // The secrets, created apart from the manifests as on a cluster (podman's form: key -> base64).
        foreach (var (name, value) in new[] { (SecretName, Secret), (OperatorSecretName, OperatorSecret) })
        {
            await BuiltImages.PodmanAsync(TimeSpan.FromSeconds(30), "secret", "rm", name);
            var secretFile = Path.Combine(_manifests, "secret.json");
            await File.WriteAllTextAsync(secretFile, $"{{\"secret\":\"{Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(value))}\"}}");
            var (secretExit, secret) = await BuiltImages.PodmanAsync(TimeSpan.FromSeconds(30), "secret", "create", name, secretFile);
            File.Delete(secretFile);
            Assert.True(secretExit == 0, secret);
        }
    }

    private static bool IsDevKafka(string document) => document.Contains("kind: Deployment", StringComparison.Ordinal)
        && document.Contains("\n  name: dev-kafka\n", StringComparison.Ordinal);

    /// <summary>Plays these documents of the overlay with <c>podman kube play</c>; <see cref="DisposeAsync"/> takes them down.</summary>
    private async Task PlayAsync(string name, IEnumerable<string> documents)
    {
        var file = Path.Combine(_manifests, name + ".yaml");
        await File.WriteAllTextAsync(file, string.Join("\n---\n", documents));
        _played.Add(file);
        var (playExit, play) = await BuiltImages.PodmanAsync(TimeSpan.FromMinutes(3), "kube", "play", file);
        Assert.True(playExit == 0, play);
    }

    private async Task PlayEverythingAsync()
    {
        var started = DateTimeOffset.UtcNow;
        await PlayAsync("all", _documents);
        await WaitUntilHealthyAsync(ServicePorts);
        output.WriteLine($"podman kube play to every service healthy: {(DateTimeOffset.UtcNow - started).TotalSeconds:F1} s");
    }

    private async Task WaitUntilHealthyAsync(IEnumerable<int> ports)
    {
        foreach (var port in ports)
        {
            await Eventually.TrueAsync(() => IsHealthyAsync(new Uri($"http://127.0.0.1:{port}")), $"the service on port {port} is healthy",
                Wait, TimeSpan.FromMilliseconds(500));
        }
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
        foreach (var file in _played)
        {
            await BuiltImages.PodmanAsync(TimeSpan.FromMinutes(2), "kube", "down", file);
        }
        await BuiltImages.PodmanAsync(TimeSpan.FromSeconds(30), "secret", "rm", SecretName);
        await BuiltImages.PodmanAsync(TimeSpan.FromSeconds(30), "secret", "rm", OperatorSecretName);
        Directory.Delete(_manifests, recursive: true);
        _http.Dispose();
    }

    private Task<bool> IsHealthyAsync(Uri service) => AnswersAsync(service, "/health", HttpStatusCode.OK);

    private async Task<bool> AnswersAsync(Uri service, string path, HttpStatusCode status)
    {
        try
        {
            using var response = await _http.GetAsync(new Uri(service, path));
            return response.StatusCode == status;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    [Fact]
    public async Task A_webhook_tweet_reaches_every_sse_client_likes_are_counted_and_like_tracking_restarted_with_sigterm_loses_none()
    {
        await PlayEverythingAsync();
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

    [Fact]
    public async Task A_live_query_created_through_the_gateway_container_with_the_operator_secret_reaches_a_browser_following_it()
    {
        await PlayEverythingAsync();
        using var create = new HttpRequestMessage(HttpMethod.Post, new Uri(Gateway, "/api/queries"))
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { name = "k8s", sql = "SELECT COUNT(*) AS tweets FROM tweets WHERE author = 'k8s-query'" }),
        };
        create.Headers.Add("X-Operator-Secret", OperatorSecret);
        using var created = await _http.SendAsync(create);
        var body = await created.Content.ReadAsStringAsync();
        Assert.True(created.StatusCode == HttpStatusCode.Created, $"{created.StatusCode}: {body}");
        var queryId = TweetRequests.Json(body).GetProperty("id").GetString()!;

        await using var follower = await SseTestClient.ConnectAsync(new Uri(Gateway, $"/api/updates?only=queries&query={queryId}"));
        for (var i = 0; i < 2; i++)
        {
            using var response = await _http.SendAsync(TweetRequests.Tweet(Gateway, Secret, new { id = TweetRequests.UniqueId(), text = "Queried #kubecon", author = "k8s-query" }));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }
        await follower.WaitForEventAsync(e => e.EventType == "query-result"
            && TweetRequests.Json(e.Data).GetProperty("rows") is { ValueKind: System.Text.Json.JsonValueKind.Array } rows
            && rows.GetArrayLength() == 1 && rows[0][0].GetDouble() == 2, Wait);
    }

    [Fact]
    public async Task Clients_behind_the_gateway_count_by_their_forwarded_address_and_a_forged_one_from_an_untrusted_peer_is_ignored()
    {
        await PlayEverythingAsync();
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var streams = new List<HttpResponseMessage>();
        try
        {
            // The test on loopback is a trusted proxy (as an Ingress is on a cluster): the address it forwards counts,
            // through the gateway to push-gateway, each on its own.
            for (var i = 0; i < StreamsPerAddress; i++)
            {
                streams.Add(await OpenStreamAsync(http, Gateway, "203.0.113.1"));
            }
            streams.Add(await OpenStreamAsync(http, Gateway, "203.0.113.1"));
            streams.Add(await OpenStreamAsync(http, Gateway, "203.0.113.2"));
            Assert.All(streams.Take(StreamsPerAddress), s => Assert.Equal(HttpStatusCode.OK, s.StatusCode));
            Assert.Equal(HttpStatusCode.TooManyRequests, streams[StreamsPerAddress].StatusCode);
            Assert.Equal("application/problem+json", streams[StreamsPerAddress].Content.Headers.ContentType?.MediaType);
            Assert.Equal(HttpStatusCode.OK, streams[StreamsPerAddress + 1].StatusCode);

            // From the machine's own address, which the local overlay does not trust: whatever X-Forwarded-For says,
            // every stream counts as that address.
            var untrusted = new Uri($"http://{OwnAddress()}:{Gateway.Port}");
            var forged = new List<HttpResponseMessage>();
            for (var i = 0; i <= StreamsPerAddress; i++)
            {
                forged.Add(await OpenStreamAsync(http, untrusted, $"198.51.100.{i + 1}"));
            }
            streams.AddRange(forged);
            Assert.All(forged.Take(StreamsPerAddress), s => Assert.Equal(HttpStatusCode.OK, s.StatusCode));
            Assert.Equal(HttpStatusCode.TooManyRequests, forged[StreamsPerAddress].StatusCode);
        }
        finally
        {
            streams.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public async Task Services_started_before_kafka_stay_up_unhealthy_take_nothing_they_cannot_store_and_work_once_kafka_appears()
    {
        await PlayAsync("services", _documents.Where(d => !IsDevKafka(d)));
        // Alive (a kubelet would not restart them) and not ready (no traffic sent to them).
        foreach (var port in KafkaServicePorts)
        {
            var service = new Uri($"http://127.0.0.1:{port}");
            await Eventually.TrueAsync(() => AnswersAsync(service, "/alive", HttpStatusCode.OK), $"the service on port {port} is alive", Wait, TimeSpan.FromMilliseconds(500));
            Assert.True(await AnswersAsync(service, "/health", HttpStatusCode.ServiceUnavailable), $"the service on port {port} reports Kafka missing");
        }
        var refused = TweetRequests.UniqueId();
        using (var response = await _http.SendAsync(TweetRequests.Tweet(Gateway, Secret, new { id = refused, text = "before Kafka #kubecon", author = "ana" })))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.NotNull(response.Headers.RetryAfter);
        }
        var startedAt = await StartTimesAsync();

        await PlayAsync("kafka", _documents.Where(IsDevKafka));
        await WaitUntilHealthyAsync(ServicePorts);
        // Recovered in place: the same processes, none restarted.
        var now = await StartTimesAsync();
        Assert.All(startedAt, service => Assert.Equal(service.Value, now[service.Key]));

        await using var client = await SseTestClient.ConnectAsync(new Uri(Gateway, "/api/updates"));
        var id = TweetRequests.UniqueId();
        await Eventually.TrueAsync(async () =>
        {
            using var response = await _http.SendAsync(TweetRequests.Tweet(Gateway, Secret, new { id, text = "after Kafka #kubecon", author = "ana" }));
            return response.StatusCode == HttpStatusCode.Accepted;
        }, "ingest takes tweets once Kafka is there", Wait, TimeSpan.FromMilliseconds(500));
        await client.WaitForEventAsync(e => e.EventType == "tweet" && TweetRequests.TweetIdOf(e) == id, Wait);
        await LikeAsync(id, "viewer-k8s-0004");
        await CountSeenAsync([client], id, 1);
        Assert.DoesNotContain(client.Events, e => e.EventType == "tweet" && TweetRequests.TweetIdOf(e) == refused);
    }

    /// <summary>When each service's container started: the same value later means the same process.</summary>
    private static async Task<Dictionary<string, string>> StartTimesAsync()
    {
        var (exit, times) = await BuiltImages.PodmanAsync(TimeSpan.FromSeconds(30), "ps", "--filter", "label=app.kubernetes.io/name",
            "--format", "{{.Names}} {{.StartedAt}}");
        Assert.True(exit == 0, times);
        return times.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(' ', 2)).ToDictionary(parts => parts[0], parts => parts[1]);
    }

    private static async Task<HttpResponseMessage> OpenStreamAsync(HttpClient http, Uri server, string forwardedFor)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server, "/api/updates"));
        request.Headers.Accept.Add(new System.Net.Http.Headers.MediaTypeWithQualityHeaderValue("text/event-stream"));
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    /// <summary>This machine's address on its network: not loopback, so not a trusted proxy in the local overlay.</summary>
    private static IPAddress OwnAddress() =>
        System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == System.Net.NetworkInformation.OperationalStatus.Up)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
        ?? throw new InvalidOperationException("This machine has no IPv4 address besides loopback to act as an untrusted peer from.");

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
