using System.Diagnostics;
using TweetPlatform.LocalRun;

namespace TweetPlatform.Benchmark;

/// <summary>CPU used by each process of the system over a measurement: where the machine's cores went.</summary>
public sealed class SystemCpu
{
    private readonly IReadOnlyList<ChildProcess> _processes;
    private readonly Dictionary<int, TimeSpan> _start;
    private readonly long _startedAt = Stopwatch.GetTimestamp();

    public SystemCpu(LocalSystem system)
    {
        _processes = system.AllProcesses;
        _start = _processes.ToDictionary(p => p.Id, p => Used(p.Id));
    }

    /// <summary>Per process, percent of one core since this was created, busiest first, e.g. "gateway 62 %, ingest 40 %".</summary>
    public string Summary()
    {
        var seconds = Stopwatch.GetElapsedTime(_startedAt).TotalSeconds;
        return string.Join(", ", _processes
            .Select(p => (p.Name, Percent: 100 * (Used(p.Id) - _start[p.Id]).TotalSeconds / seconds))
            .OrderByDescending(p => p.Percent)
            .Select(p => $"{p.Name} {p.Percent:N0} %"));
    }

    private static TimeSpan Used(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.TotalProcessorTime;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return TimeSpan.Zero; // exited
        }
    }
}
