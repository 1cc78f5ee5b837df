using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using TweetPlatform.AppHost.Settings;

namespace TweetPlatform.Hosting;

/// <summary>
/// The whole platform started through the AppHost's model with Aspire.Hosting.Testing, as
/// <c>dotnet run --project AppHost</c> starts it: each service its own process under DCP, every replica
/// healthy before this returns. Crashes and restarts go through the resources' process ids and
/// Aspire's resource commands, as a user would do them from the dashboard.
/// </summary>
public sealed class RunningPlatform : IAsyncDisposable
{
    private readonly DistributedApplication _app;
    private readonly PlatformStartOptions _options;
    // Every resource instance DCP reports (a replica is one), by its unique id, with its latest state.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, ResourceEvent> _instances;
    private readonly CancellationTokenSource _stopWatching;

    private RunningPlatform(DistributedApplication app, PlatformStartOptions options, string webhookSecret, string operatorSecret, string kafka,
        System.Collections.Concurrent.ConcurrentDictionary<string, ResourceEvent> instances, CancellationTokenSource stopWatching)
    {
        _app = app;
        _instances = instances;
        _stopWatching = stopWatching;
        _options = options;
        WebhookSecret = webhookSecret;
        OperatorSecret = operatorSecret;
        KafkaBootstrapServers = kafka;
    }

    public string WebhookSecret { get; }

    /// <summary>Guards creating and deleting live queries (header X-Operator-Secret).</summary>
    public string OperatorSecret { get; }
    public string KafkaBootstrapServers { get; }
    public Uri GatewayUrl => ServiceUrl(ResourceNames.Gateway);

    /// <summary>The service's endpoint (behind it, with replicas, DCP spreads connections over them).</summary>
    public Uri ServiceUrl(string resource) => _app.GetEndpoint(resource, "http");

    public static async Task<RunningPlatform> StartAsync(PlatformStartOptions options, CancellationToken cancellationToken = default)
    {
        var secret = options.Settings.GetValueOrDefault(PlatformSettings.WebhookSecretKey)
            ?? Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var operatorSecret = options.Settings.GetValueOrDefault(PlatformSettings.OperatorSecretKey)
            ?? Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var args = options.Settings.Where(s => s.Key != PlatformSettings.WebhookSecretKey && s.Key != PlatformSettings.OperatorSecretKey)
            .Select(s => $"--{s.Key}={s.Value}")
            .Append($"--{PlatformSettings.WebhookSecretKey}={secret}")
            .Append($"--{PlatformSettings.OperatorSecretKey}={operatorSecret}")
            .ToArray();
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.TweetPlatform_AppHost>(
            new DistributedApplicationTestingBuilderOptions { EnableDashboard = options.Dashboard }, args, cancellationToken);
        builder.Services.AddLogging(logging =>
        {
            // The resources' lines go to the caller only (a test's log, nowhere for the benchmark), not the console.
            logging.ClearProviders();
            logging.SetMinimumLevel(LogLevel.Information);
            logging.AddProvider(new ResourceLogForwarder(options.Output));
        });
        // Without the dashboard nothing listens where Aspire points the OTLP exporters: export only where asked.
        var export = options.Dashboard || options.Environment.ContainsKey("OTEL_EXPORTER_OTLP_ENDPOINT");
        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            var environment = new Dictionary<string, string>(options.Environment, StringComparer.Ordinal);
            foreach (var (key, value) in options.ResourceEnvironment.GetValueOrDefault(project.Name) ?? [])
            {
                environment[key] = value;
            }
            builder.CreateResourceBuilder(project).WithEnvironment(context =>
            {
                if (!export)
                {
                    foreach (var key in context.EnvironmentVariables.Keys.Where(k => k.StartsWith("OTEL_EXPORTER_OTLP_", StringComparison.Ordinal)).ToList())
                    {
                        context.EnvironmentVariables.Remove(key);
                    }
                }
                foreach (var (key, value) in environment)
                {
                    context.EnvironmentVariables[key] = value;
                }
            });
        }
        var app = await builder.BuildAsync(cancellationToken);
        var instances = new System.Collections.Concurrent.ConcurrentDictionary<string, ResourceEvent>(StringComparer.Ordinal);
        var stopWatching = new CancellationTokenSource();
        _ = Task.Run(async () =>
        {
            try
            {
                await foreach (var update in app.ResourceNotifications.WatchAsync(stopWatching.Token))
                {
                    instances[update.ResourceId] = update;
                }
            }
            catch (OperationCanceledException)
            {
            }
        }, CancellationToken.None);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.StartTimeout);
            await app.StartAsync(timeout.Token);
            var kafka = await app.GetConnectionStringAsync(ResourceNames.Kafka, timeout.Token)
                ?? throw new InvalidOperationException("The kafka resource has no connection string.");
            var platform = new RunningPlatform(app, options, secret, operatorSecret, kafka, instances, stopWatching);
            await platform.WaitUntilEveryReplicaIsHealthyAsync(builder.Resources.OfType<ProjectResource>().ToList(), timeout.Token);
            return platform;
        }
        catch
        {
            await stopWatching.CancelAsync();
            stopWatching.Dispose();
            await app.DisposeAsync();
            throw;
        }
    }

    private async Task WaitUntilEveryReplicaIsHealthyAsync(IReadOnlyList<ProjectResource> projects, CancellationToken cancellationToken)
    {
        var expected = projects.Sum(p => p.Annotations.OfType<ReplicaAnnotation>().LastOrDefault()?.Replicas ?? 1);
        var names = projects.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        while (true)
        {
            var replicas = _instances.Values.Where(e => names.Contains(e.Resource.Name)).ToList();
            if (replicas.Count >= expected && replicas.All(IsHealthy))
            {
                return;
            }
            if (replicas.FirstOrDefault(e => Stopped.Contains(e.Snapshot.State?.Text ?? "")) is { } failed)
            {
                throw new InvalidOperationException($"{failed.ResourceId} stopped while the platform started ({failed.Snapshot.State?.Text}, exit code {failed.Snapshot.ExitCode}).");
            }
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException("Not every replica became healthy in time: " + string.Join(", ",
                    replicas.Select(e => $"{e.ResourceId} {e.Snapshot.State?.Text} {e.Snapshot.HealthStatus}")));
            }
        }
    }

    /// <summary>The DCP names of a resource's replicas (e.g. <c>push-gateway-abcd1234</c>), in a stable order.</summary>
    public IReadOnlyList<string> Replicas(string resource) =>
        [.. _instances.Values.Where(e => e.Resource.Name == resource).Select(e => e.ResourceId).Order(StringComparer.Ordinal)];

    /// <summary>The process id Aspire reports for a replica (its <c>dotnet run</c>).</summary>
    public int ProcessId(string replica) =>
        _instances.TryGetValue(replica, out var state) && ProcessIdOf(state) is { } pid
            ? pid
            : throw new InvalidOperationException($"{replica} has no process id now.");

    private static int? ProcessIdOf(ResourceEvent state) =>
        state.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value is { } value
            && int.TryParse(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture), out var pid)
            ? pid
            : null;

    private static readonly HashSet<string> Stopped = [KnownResourceStates.Exited, KnownResourceStates.FailedToStart, KnownResourceStates.Finished];

    private static bool IsRunning(ResourceEvent state) => state.Snapshot.State?.Text == KnownResourceStates.Running;

    private static bool IsHealthy(ResourceEvent state) => IsRunning(state) && state.Snapshot.HealthStatus == HealthStatus.Healthy;

    /// <summary>Waits, bounded, until the latest state DCP reported for one instance satisfies <paramref name="condition"/>.</summary>
    private async Task WaitForInstanceAsync(string instance, Func<ResourceEvent, bool> condition, string what, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + _options.StartTimeout;
        while (!(_instances.TryGetValue(instance, out var state) && condition(state)))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited {_options.StartTimeout} for {instance} {what}; it is {(state is null ? "unknown" : $"{state.Snapshot.State?.Text}, {state.Snapshot.HealthStatus}")}.");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
    }

    /// <summary>The service's own process (under its <c>dotnet run</c>), e.g. to read its memory.</summary>
    public int ServiceProcessId(string replica) => ProcessTree.Leaf(ProcessId(replica));

    /// <summary>
    /// Every service process running now (replicas and the embedded broker), named by replica, and DCP's processes
    /// (they proxy the endpoints of replicated services): to measure where CPU goes.
    /// </summary>
    public IReadOnlyList<(string Name, int Pid)> ServiceProcesses() =>
        [.. _instances.Values
            .Where(e => e.Resource is ProjectResource && IsRunning(e))
            .Select(e => (e.ResourceId, ServiceProcessId(e.ResourceId))),
         .. OrchestratorProcesses()];

    /// <summary>DCP's API server (started detached, watching this process) and its controllers, which run the proxies.</summary>
    private static IEnumerable<(string Name, int Pid)> OrchestratorProcesses()
    {
        var watching = $"--monitor {Environment.ProcessId.ToString(CultureInfo.InvariantCulture)} ";
        var servers = ProcessTree.All()
            .Where(pid => ProcessTree.NameOf(pid) == "dcp" && ProcessTree.CommandLineOf(pid).Contains(watching, StringComparison.Ordinal));
        return servers.SelectMany(ProcessTree.Of)
            .Where(pid => ProcessTree.NameOf(pid) == "dcp" && !ProcessTree.CommandLineOf(pid).Contains(" monitor-process ", StringComparison.Ordinal))
            .Select(pid => ($"dcp-{pid.ToString(CultureInfo.InvariantCulture)}", pid));
    }

    /// <summary>The replica's own address, not DCP's shared endpoint: to reach one instance on purpose.</summary>
    public Uri ReplicaUrl(string replica)
    {
        if (_instances.TryGetValue(replica, out var state)
            && state.Snapshot.EnvironmentVariables.FirstOrDefault(e => e.Name == "ASPNETCORE_URLS")?.Value is { Length: > 0 } urls)
        {
            return new Uri(urls.Split(';')[0].Replace("://localhost:", "://127.0.0.1:", StringComparison.Ordinal));
        }
        throw new InvalidOperationException($"{replica} has no address now.");
    }

    /// <summary>Kills one replica like a crash (kill -9 of its process tree); Aspire leaves the others running.</summary>
    public async Task KillAsync(string resource, int replica = 0)
    {
        var name = Replicas(resource)[replica];
        await ProcessTree.KillAsync(ProcessId(name));
    }

    /// <summary>
    /// SIGTERM to one replica's service process (not its <c>dotnet run</c>), as an orchestrator stops a container;
    /// returns once Aspire sees it stopped, with the exit code it reports.
    /// </summary>
    public async Task<int?> TerminateAsync(string resource, int replica = 0, CancellationToken cancellationToken = default)
    {
        var name = Replicas(resource)[replica];
        if (!await ProcessTree.TerminateAsync(ServiceProcessId(name), TimeSpan.FromSeconds(45)))
        {
            throw new TimeoutException($"{name} did not exit within 45 s of SIGTERM.");
        }
        await WaitForInstanceAsync(name, e => !IsRunning(e), "to be seen as stopped", cancellationToken);
        return _instances[name].Snapshot.ExitCode;
    }

    /// <summary>Starts a replica again (after <see cref="KillAsync"/> or <see cref="TerminateAsync"/>) with Aspire's start command and waits until it is healthy.</summary>
    public async Task StartReplicaAsync(string resource, int replica = 0, CancellationToken cancellationToken = default)
    {
        var name = Replicas(resource)[replica];
        // DCP notices a killed process a moment later; start only once it has.
        await WaitForInstanceAsync(name, e => !IsRunning(e), "to be seen as stopped", cancellationToken);
        await StartAsync(_app.Services.GetRequiredService<ResourceCommandService>(), name, cancellationToken);
    }

    private async Task StartAsync(ResourceCommandService commands, string name, CancellationToken cancellationToken)
    {
        await Expect(commands.ExecuteCommandAsync(name, KnownResourceCommands.StartCommand, cancellationToken), name, "start");
        await WaitForInstanceAsync(name, IsHealthy, "to be running and healthy", cancellationToken);
        await WaitForHealthEndpointAsync(name, cancellationToken);
    }

    /// <summary>
    /// The replica's own <c>/health</c> answers 200: the health Aspire reports for a restarted replica can be
    /// the last one of its previous run for a moment (a push-gateway still replaying answered 503 then).
    /// </summary>
    private async Task WaitForHealthEndpointAsync(string replica, CancellationToken cancellationToken)
    {
        if (!_instances.TryGetValue(replica, out var state) || state.Snapshot.EnvironmentVariables.All(e => e.Name != "ASPNETCORE_URLS"))
        {
            return; // not an HTTP service (the embedded broker)
        }
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + _options.StartTimeout;
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(new Uri(ReplicaUrl(replica), "/health"), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // Not listening yet.
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{replica}'s /health did not answer 200 within {_options.StartTimeout}.");
            }
            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>
    /// Every replica of a resource down, then up again, as a redeployment does (graceful stop, not a crash;
    /// a killed replica is simply started): Aspire's stop and start commands, then healthy again.
    /// </summary>
    public async Task RestartAsync(string resource, CancellationToken cancellationToken = default)
    {
        var commands = _app.Services.GetRequiredService<ResourceCommandService>();
        var replicas = Replicas(resource);
        await Task.WhenAll(replicas.Select(async name =>
        {
            if (_instances.TryGetValue(name, out var state) && IsRunning(state))
            {
                await Expect(commands.ExecuteCommandAsync(name, KnownResourceCommands.StopCommand, cancellationToken), name, "stop");
                await WaitForInstanceAsync(name, e => !IsRunning(e), "to stop", cancellationToken);
            }
        }));
        await Task.WhenAll(replicas.Select(name => StartAsync(commands, name, cancellationToken)));
    }

    private static async Task Expect(Task<ExecuteCommandResult> command, string replica, string what)
    {
        var result = await command;
        if (!result.Success)
        {
            throw new InvalidOperationException($"Could not {what} {replica}: {result.Message}");
        }
    }

    /// <summary>
    /// One more instance of a service outside the model, with its own settings, against this platform's
    /// broker: for tests of one instance's limits (the AppHost's replicas all share one configuration).
    /// </summary>
    public async Task<(ChildProcess Process, Uri Url)> StartAdditionalInstanceAsync(string resource, IReadOnlyDictionary<string, string>? environment = null,
        CancellationToken cancellationToken = default)
    {
        var project = Resource(resource) as ProjectResource ?? throw new ArgumentException($"{resource} is not a project.", nameof(resource));
        var env = new Dictionary<string, string>(_options.Environment, StringComparer.Ordinal)
        {
            ["ConnectionStrings__kafka"] = KafkaBootstrapServers,
            ["Ingest__WebhookSecret"] = WebhookSecret,
            ["Analytics__OperatorSecret"] = OperatorSecret,
        };
        foreach (var (key, value) in (_options.ResourceEnvironment.GetValueOrDefault(resource) ?? []).Concat(environment ?? new Dictionary<string, string>()))
        {
            env[key] = value;
        }
        return await ServiceProcess.StartAsync(resource, Path.GetFileNameWithoutExtension(project.GetProjectMetadata().ProjectPath), env,
            _options.Output, TimeSpan.FromSeconds(90), cancellationToken);
    }

    private IResource Resource(string name) =>
        _app.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == name);

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopWatching.CancelAsync();
        _stopWatching.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (!_options.KeepKafkaData && Directory.Exists(_options.KafkaDataPath))
        {
            Directory.Delete(_options.KafkaDataPath, recursive: true);
        }
    }
}
