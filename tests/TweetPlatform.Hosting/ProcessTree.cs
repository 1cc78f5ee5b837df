using System.Diagnostics;
using System.Globalization;

namespace TweetPlatform.Hosting;

/// <summary>
/// A process and its descendants (Linux /proc). Aspire starts a project as <c>dotnet run</c>, which starts
/// the service itself as its child: a crash is the service dying, so kill -9 goes to the whole tree.
/// </summary>
public static class ProcessTree
{
    public static IReadOnlyList<int> Of(int root)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var pid in All())
        {
            var stat = Read(pid, "stat");
            if (stat.Length == 0)
            {
                continue;
            }
            // pid (comm) state ppid ...: comm may hold spaces, so read after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
            if (!children.TryGetValue(parent, out var list))
            {
                children[parent] = list = [];
            }
            list.Add(pid);
        }
        var tree = new List<int> { root };
        for (var i = 0; i < tree.Count; i++)
        {
            tree.AddRange(children.GetValueOrDefault(tree[i]) ?? []);
        }
        return tree;
    }

    /// <summary>Every process running now.</summary>
    public static IEnumerable<int> All() =>
        Directory.EnumerateDirectories("/proc")
            .Select(dir => int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0)
            .Where(pid => pid > 0);

    /// <summary>The process's command name (<c>/proc/{pid}/comm</c>); empty once it has exited.</summary>
    public static string NameOf(int pid) => Read(pid, "comm").Trim();

    /// <summary>The process's arguments joined by spaces (<c>/proc/{pid}/cmdline</c>); empty once it has exited.</summary>
    public static string CommandLineOf(int pid) => Read(pid, "cmdline").Replace('\0', ' ');

    /// <summary>The deepest process of the tree: the service under its <c>dotnet run</c>.</summary>
    public static int Leaf(int root) => Of(root)[^1];

    /// <summary>SIGKILL to every process of the tree at once, as a crash does; returns once none of them runs.</summary>
    public static async Task KillAsync(int root)
    {
        var tree = Of(root);
        foreach (var pid in tree)
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill();
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
            {
                // Already gone.
            }
        }
        // Not Process.WaitForExit: a killed grandchild stays a zombie until its new parent reaps it, and that
        // may take long. A zombie runs no code, so it counts as gone.
        while (tree.Any(IsAlive))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10));
        }
    }

    /// <summary>SIGTERM to one process, as a container orchestrator stops one; returns once it has exited (false past the timeout).</summary>
    public static async Task<bool> TerminateAsync(int pid, TimeSpan timeout)
    {
        using (var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", pid.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false }))
        {
            await (kill?.WaitForExitAsync() ?? Task.CompletedTask);
        }
        var deadline = DateTime.UtcNow + timeout;
        while (IsAlive(pid))
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(20));
        }
        return true;
    }

    private static bool IsAlive(int pid)
    {
        var stat = Read(pid, "stat");
        return stat.Length > 0 && stat[stat.LastIndexOf(')') + 2] is not ('Z' or 'X');
    }

    /// <summary>One file of <c>/proc/{pid}</c>; empty once the process has exited.</summary>
    private static string Read(int pid, string file)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/{file}");
        }
        catch (IOException)
        {
            return "";
        }
    }

    /// <summary>Resident memory (VmRSS) of one process, in bytes.</summary>
    public static long ResidentBytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }
}
