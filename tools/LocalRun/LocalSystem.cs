using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace TweetPlatform.LocalRun;

/// <summary>
/// The whole platform on one machine without Docker: the embedded Kafka broker, every service and
/// the gateway, each its own process, wired by environment variables the way the Aspire AppHost
/// wires them. Used by the one-command local run and by the end-to-end tests.
/// </summary>
public sealed class LocalSystem : IAsyncDisposable
{
    private static readonly (string Name, string Project)[] Services =
    [
        (ServiceNames.Ingest, "TweetPlatform.Ingest"),
        (ServiceNames.PushGateway, "TweetPlatform.PushGateway"),
        (ServiceNames.LikeTracking, "TweetPlatform.LikeTracking"),
        (ServiceNames.Analytics, "TweetPlatform.Analytics"),
    ];

    private readonly LocalSystemOptions _options;
    private readonly Dictionary<string, ChildProcess> _processes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _ports = new(StringComparer.Ordinal);
    // More push-gateway instances behind the gateway (scale-out), stopped after the gateway.
    private readonly List<(ChildProcess Process, Uri Url)> _morePushGateways = [];

    private LocalSystem(LocalSystemOptions options, string webhookSecret)
    {
        // Eight .NET processes share this machine's cores: an idle thread pool spinning for work would take
        // CPU the others need (measured: analytics 6.4k -> 9.7k events/s on 2 cores). Production sets its own.
        options.Environment.TryAdd("DOTNET_ThreadPool_UnfairSemaphoreSpinLimit", "0");
        _options = options;
        WebhookSecret = webhookSecret;
    }

    public string WebhookSecret { get; }
    public string KafkaBootstrapServers { get; private set; } = "";
    public Uri GatewayUrl => ServiceUrl(ServiceNames.Gateway);

    public Uri ServiceUrl(string name) => new($"http://{_options.Host}:{_ports[name]}");

    public ChildProcess Process(string name) => _processes[name];

    /// <summary>Every process of the system, scaled-out instances included.</summary>
    public IReadOnlyList<ChildProcess> AllProcesses => [.. _processes.Values, .. _morePushGateways.Select(p => p.Process)];

    /// <summary>Every push-gateway instance behind the gateway.</summary>
    public IReadOnlyList<Uri> PushGatewayUrls => [ServiceUrl(ServiceNames.PushGateway), .. _morePushGateways.Select(p => p.Url)];

    public static async Task<LocalSystem> StartAsync(LocalSystemOptions options, CancellationToken cancellationToken = default)
    {
        var secret = options.WebhookSecret ?? Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
        var system = new LocalSystem(options, secret);
        try
        {
            await system.StartKafkaAsync(cancellationToken);
            foreach (var (name, _) in Services)
            {
                system._ports[name] = FreePort(options.Host);
            }
            system._ports[ServiceNames.Gateway] = options.GatewayPort == 0 ? FreePort(options.Host) : options.GatewayPort;

            await Task.WhenAll(Services.Select(s => system.StartServiceAsync(s.Name, s.Project, cancellationToken))
                .Concat(Enumerable.Range(1, Math.Max(0, options.PushGatewayInstances - 1)).Select(async _ =>
                {
                    var instance = await system.StartAdditionalInstanceAsync(ServiceNames.PushGateway, cancellationToken);
                    lock (system._morePushGateways)
                    {
                        system._morePushGateways.Add(instance);
                    }
                })));
            await system.StartServiceAsync(ServiceNames.Gateway, "TweetPlatform.Gateway", cancellationToken);
            if (options.StartSimulator)
            {
                system._processes[ServiceNames.Simulator] = ChildProcess.StartDotnet(ServiceNames.Simulator,
                    RepositoryLayout.ProjectDll("TweetPlatform.Simulator"),
                    ["--url", system.GatewayUrl.ToString(), "--secret", secret, .. options.SimulatorArguments], options.Environment, options.Output);
            }
            return system;
        }
        catch
        {
            await system.DisposeAsync();
            throw;
        }
    }

    /// <summary>Kills a service like a crash would (kill -9).</summary>
    public Task KillAsync(string name) => _processes[name].KillAsync();

    /// <summary>
    /// Stops (gracefully) and starts a service again on its port and waits until it is healthy; for the
    /// push gateway, every instance behind the gateway, all down at once, as a redeployment would.
    /// </summary>
    public async Task RestartAsync(string name, CancellationToken cancellationToken = default)
    {
        var scaledOut = name == ServiceNames.PushGateway ? _morePushGateways.ToList() : [];
        await Task.WhenAll(scaledOut.Select(p => p.Process).Prepend(_processes[name]).Select(p => p.StopAsync(TimeSpan.FromSeconds(10))));
        var project = name == ServiceNames.Gateway ? "TweetPlatform.Gateway" : Services.Single(s => s.Name == name).Project;
        await Task.WhenAll(scaledOut.Select(async (instance, i) =>
            _morePushGateways[i] = (await LaunchAsync(name, instance.Process.Name, project, instance.Url, cancellationToken), instance.Url))
            .Append(StartServiceAsync(name, project, cancellationToken)));
    }

    private async Task StartKafkaAsync(CancellationToken cancellationToken)
    {
        var bootstrap = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var kafka = ChildProcess.StartDotnet(ServiceNames.Kafka, RepositoryLayout.ProjectDll("TweetPlatform.DevKafka"), [],
            _options.Environment, _options.Output);
        _processes[ServiceNames.Kafka] = kafka;
        const string marker = "bootstrap: ";
        kafka.LineReceived += line =>
        {
            var at = line.IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0)
            {
                bootstrap.TrySetResult(line[(at + marker.Length)..].Trim());
            }
        };
        _ = kafka.WaitForExitAsync(cancellationToken).ContinueWith(
            _ => bootstrap.TrySetException(new InvalidOperationException($"The embedded broker exited: {kafka.RecentOutput}")),
            TaskScheduler.Default);
        KafkaBootstrapServers = await bootstrap.Task.WaitAsync(_options.StartTimeout, cancellationToken);
    }

    /// <summary>
    /// Starts one more instance of a service (on a free port, same broker and settings), as a
    /// scaled-out deployment would run it. The caller disposes it.
    /// </summary>
    public Task<(ChildProcess Process, Uri Url)> StartAdditionalInstanceAsync(string name, CancellationToken cancellationToken = default) =>
        StartAdditionalInstanceAsync(name, new Dictionary<string, string>(), cancellationToken);

    /// <summary>As above, with extra environment for this instance only (e.g. other limits).</summary>
    public async Task<(ChildProcess Process, Uri Url)> StartAdditionalInstanceAsync(string name, IReadOnlyDictionary<string, string> environment,
        CancellationToken cancellationToken = default)
    {
        var project = Services.Single(s => s.Name == name).Project;
        var url = new Uri($"http://{_options.Host}:{FreePort(_options.Host)}");
        var process = await LaunchAsync(name, $"{name}-{Interlocked.Increment(ref _extraInstances)}", project, url, cancellationToken, environment);
        return (process, url);
    }

    private int _extraInstances;

    private async Task StartServiceAsync(string name, string project, CancellationToken cancellationToken) =>
        _processes[name] = await LaunchAsync(name, name, project, ServiceUrl(name), cancellationToken);

    private async Task<ChildProcess> LaunchAsync(string name, string instanceName, string project, Uri url, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? instanceEnvironment = null)
    {
        var environment = new Dictionary<string, string>(_options.Environment, StringComparer.Ordinal)
        {
            ["ASPNETCORE_URLS"] = url.ToString().TrimEnd('/'),
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["OTEL_SERVICE_NAME"] = name,
            ["ConnectionStrings__kafka"] = KafkaBootstrapServers,
            // The embedded broker creates every topic itself (and cannot run CreateTopics).
            ["Kafka__Topics__Provision"] = "false",
            ["Ingest__WebhookSecret"] = WebhookSecret,
            ["ReverseProxy__Clusters__ingest__Destinations__d1__Address"] = ServiceUrl(ServiceNames.Ingest).ToString(),
            ["ReverseProxy__Clusters__push-gateway__Destinations__d1__Address"] = ServiceUrl(ServiceNames.PushGateway).ToString(),
            ["ReverseProxy__Clusters__like-tracking__Destinations__d1__Address"] = ServiceUrl(ServiceNames.LikeTracking).ToString(),
        };
        for (var i = 0; i < _morePushGateways.Count; i++)
        {
            environment[$"ReverseProxy__Clusters__push-gateway__Destinations__d{i + 2}__Address"] = _morePushGateways[i].Url.ToString();
        }
        if (_options.ServiceEnvironment.TryGetValue(name, out var extra))
        {
            foreach (var (key, value) in extra)
            {
                environment[key] = value;
            }
        }
        foreach (var (key, value) in instanceEnvironment ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }
        var process = ChildProcess.StartDotnet(instanceName, RepositoryLayout.ProjectDll(project), [], environment, _options.Output);
        try
        {
            await process.WaitUntilHealthyAsync(new Uri(url, "/health"), _options.StartTimeout, cancellationToken);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
        return process;
    }

    public static int FreePort(string host = "127.0.0.1")
    {
        using var listener = new TcpListener(IPAddress.Parse(host), 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Stops the simulator and the gateway first and the broker last, each gracefully.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var name in new[] { ServiceNames.Simulator, ServiceNames.Gateway })
        {
            if (_processes.TryGetValue(name, out var process))
            {
                await process.DisposeAsync();
            }
        }
        foreach (var (process, _) in _morePushGateways)
        {
            await process.DisposeAsync();
        }
        _morePushGateways.Clear();
        foreach (var name in Services.Select(s => s.Name).Append(ServiceNames.Kafka))
        {
            if (_processes.TryGetValue(name, out var process))
            {
                await process.DisposeAsync();
            }
        }
        _processes.Clear();
    }
}
