using System.Diagnostics;

namespace TweetPlatform.Benchmark;

/// <summary>This process's own CPU use over a measurement, so a report can show the load generator was not the limit.</summary>
public sealed class LoadGeneratorCpu
{
    private readonly TimeSpan _cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
    private readonly long _startedAt = Stopwatch.GetTimestamp();

    /// <summary>Percent of one core used since this was created (200 % = both cores of this machine).</summary>
    public double PercentOfOneCore()
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - _cpuAtStart;
        return 100 * cpu.TotalSeconds / Stopwatch.GetElapsedTime(_startedAt).TotalSeconds;
    }
}
