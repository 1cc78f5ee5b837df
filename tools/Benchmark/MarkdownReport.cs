namespace TweetPlatform.Benchmark;

/// <summary>docs/benchmarks.md: one section per measurement, replaced when that measurement runs again.</summary>
public static class MarkdownReport
{
    public static void WriteSection(string path, string heading, string section)
    {
        var existing = File.Exists(path) ? File.ReadAllText(path) : "# Benchmarks\n\nEach section is written by the command it names; rerun it to refresh.\n\n";
        var at = existing.IndexOf(heading + "\n", StringComparison.Ordinal);
        if (at >= 0)
        {
            var next = existing.IndexOf("\n## ", at + heading.Length, StringComparison.Ordinal);
            existing = existing[..at] + (next >= 0 ? existing[(next + 1)..] : "");
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, existing.TrimEnd() + "\n\n" + section.Trim() + "\n");
    }

    public static string Machine() =>
        $"{Environment.ProcessorCount} cores ({CpuModel()}), {Math.Round(MemoryGiB())} GiB, .NET {Environment.Version}";

    private static string CpuModel() =>
        File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU"
            : "unknown CPU";

    private static double MemoryGiB() => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
}
