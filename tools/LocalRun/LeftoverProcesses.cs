using System.Diagnostics;
using System.Globalization;

namespace TweetPlatform.LocalRun;

/// <summary>
/// Children run in sessions of their own (so Ctrl+C reaches only the runner, which stops them in
/// order). If the runner itself is killed (kill -9, a crashed terminal) they would outlive it: the
/// runner records their pids and the next start stops whatever of a previous run is still alive.
/// </summary>
public static class LeftoverProcesses
{
    private static string PidFile => Path.Combine(RepositoryLayout.Root, ".tweetplatform", "local-run.pids");

    /// <summary>Stops processes a previous, killed run left behind; returns how many.</summary>
    public static int StopPrevious()
    {
        if (!File.Exists(PidFile))
        {
            return 0;
        }
        var stopped = 0;
        foreach (var line in File.ReadAllLines(PidFile))
        {
            if (int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && IsOurs(pid))
            {
                try
                {
                    using var process = Process.GetProcessById(pid);
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit(TimeSpan.FromSeconds(10));
                    stopped++;
                }
                catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
                {
                    // Already gone.
                }
            }
        }
        File.Delete(PidFile);
        return stopped;
    }

    public static void Record(IEnumerable<int> pids)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(PidFile)!);
        File.WriteAllLines(PidFile, pids.Select(p => p.ToString(CultureInfo.InvariantCulture)));
    }

    public static void Clear() => File.Delete(PidFile);

    /// <summary>Only a process still running one of our dlls (a pid may have been reused since).</summary>
    private static bool IsOurs(int pid)
    {
        try
        {
            var commandLine = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
            return commandLine.Contains(Path.Combine(RepositoryLayout.Root, "artifacts", "bin"), StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
