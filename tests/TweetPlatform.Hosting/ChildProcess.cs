using System.Diagnostics;

namespace TweetPlatform.Hosting;

/// <summary>One process started by a test or the benchmark: started with its own environment, output prefixed, stopped gracefully.</summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Action<string> _output;
    private readonly List<string> _recent = [];

    private ChildProcess(string name, Process process, Action<string> output)
    {
        Name = name;
        _process = process;
        _output = output;
    }

    public string Name { get; }
    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;

    /// <summary>The process's resident memory now (VmRSS, Linux), in bytes.</summary>
    public long ResidentBytes => ProcessTree.ResidentBytes(Id);

    /// <summary>Raised for every output line (stdout and stderr).</summary>
    public event Action<string>? LineReceived;

    /// <summary>The last lines the process wrote, for error messages.</summary>
    public string RecentOutput
    {
        get { lock (_recent) { return string.Join(Environment.NewLine, _recent); } }
    }

    public Task WaitForExitAsync(CancellationToken cancellationToken = default) => _process.WaitForExitAsync(cancellationToken);

    public static ChildProcess StartDotnet(string name, string dll, IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string> environment, Action<string> output)
    {
        // In a session of its own (setsid), a child does not get the terminal's Ctrl+C directly: its
        // starter stops it.
        var isolate = File.Exists(SetsidPath);
        var info = new ProcessStartInfo(isolate ? SetsidPath : DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        if (isolate)
        {
            info.ArgumentList.Add(DotnetHost());
        }
        info.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new ChildProcess(name, process, output);
        process.OutputDataReceived += (_, e) => child.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => child.OnLine(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_recent)
        {
            _recent.Add(line);
            if (_recent.Count > 40)
            {
                _recent.RemoveAt(0);
            }
        }
        _output($"[{Name}] {line}");
        LineReceived?.Invoke(line);
    }

    /// <summary>Polls <paramref name="health"/> until it answers 200; fails early if the process exits.</summary>
    public async Task WaitUntilHealthyAsync(Uri health, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (true)
        {
            if (HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with code {ExitCode} while starting:{Environment.NewLine}{RecentOutput}");
            }
            try
            {
                using var response = await http.GetAsync(health, deadline.Token);
                if (response.StatusCode == System.Net.HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!deadline.IsCancellationRequested)
            {
                // One probe timed out; try again.
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"{Name} was not healthy at {health} within {timeout}:{Environment.NewLine}{RecentOutput}");
            }
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"{Name} was not healthy at {health} within {timeout}:{Environment.NewLine}{RecentOutput}");
            }
        }
    }

    /// <summary>SIGTERM first (graceful shutdown), then kill the whole tree if it does not exit in time.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process.HasExited)
        {
            return;
        }
        try
        {
            using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])
            {
                UseShellExecute = false,
            });
            await (kill?.WaitForExitAsync() ?? Task.CompletedTask);
            using var timeout = new CancellationTokenSource(grace);
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
    }

    /// <summary>Kills at once, like a crash (kill -9).</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(10));
        _process.Dispose();
    }

    private const string SetsidPath = "/usr/bin/setsid";

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}
