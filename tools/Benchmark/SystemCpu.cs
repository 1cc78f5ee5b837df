using System.Diagnostics;
using TweetPlatform.Hosting;

namespace TweetPlatform.Benchmark;

/// <summary>CPU used by each process of the system over a measurement: where the machine's cores went.</summary>
public sealed class SystemCpu
{
    private readonly IReadOnlyList<(string Name, int Pid)> _processes;
    private readonly Dictionary<int, TimeSpan> _start;
    private readonly long _startedAt = Stopwatch.GetTimestamp();

    public SystemCpu(RunningPlatform system)
    {
        _processes = system.ServiceProcesses();
        _start = _processes.ToDictionary(p => p.Pid, p => Used(p.Pid));
    }

    /// <summary>Per process, percent of one core since this was created, busiest first, e.g. "gateway 62 %, ingest 40 %".</summary>
    public string Summary()
    {
        var seconds = Stopwatch.GetElapsedTime(_startedAt).TotalSeconds;
        return string.Join(", ", _processes
            .Select(p => (p.Name, Percent: 100 * (Used(p.Pid) - _start[p.Pid]).TotalSeconds / seconds))
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
