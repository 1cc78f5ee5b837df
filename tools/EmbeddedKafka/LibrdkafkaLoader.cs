using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;

namespace TweetPlatform.EmbeddedKafka;

/// <summary>
/// Finds the native librdkafka the same way Confluent.Kafka does. The package's default
/// <c>runtimes/linux-x64/native/librdkafka.so</c> links against libsasl2.so.3, which Debian 12 images
/// usually lack; Confluent.Kafka then quietly uses <c>centos8-librdkafka.so</c> from the same folder.
/// The runtime's default probing would only ever try the first file and fail, so this assembly gets its
/// own resolver that mirrors the fallback.
/// </summary>
internal static class LibrdkafkaLoader
{
    private static readonly Lazy<nint> Handle = new(LoadLibrary, LazyThreadSafetyMode.ExecutionAndPublication);
    private static int _registered;

    /// <summary>Installs the resolver for this assembly (idempotent: the runtime allows one per assembly).</summary>
    internal static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 0)
        {
            NativeLibrary.SetDllImportResolver(typeof(LibrdkafkaLoader).Assembly, Resolve);
        }
    }

    /// <summary>
    /// Loads the library now, so a missing or unloadable librdkafka surfaces as one clear exception at
    /// <see cref="MockKafkaCluster.Start"/> rather than at some later P/Invoke.
    /// </summary>
    internal static void EnsureLoaded()
    {
        Register();
        _ = Handle.Value;
    }

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        libraryName == Librdkafka.LibraryName ? Handle.Value : 0;

    private static nint LoadLibrary()
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException(
                "The embedded Kafka broker (librdkafka mock cluster) is only supported on Linux. " +
                $"On {RuntimeInformation.OSDescription} run a real Kafka broker instead (e.g. in a container).");
        }

        var failures = new StringBuilder();
        foreach (var candidate in Candidates())
        {
            // Absent files are expected (only one layout exists); a short "not found" keeps the report readable.
            if (Path.IsPathRooted(candidate) && !File.Exists(candidate))
            {
                failures.Append("\n  ").Append(candidate).Append(": not found");
                continue;
            }

            try
            {
                return NativeLibrary.Load(candidate);
            }
            catch (DllNotFoundException ex)
            {
                failures.Append("\n  ").Append(candidate).Append(": ").Append(LoaderReason(ex));
            }
        }

        throw new DllNotFoundException(
            "Could not load the native librdkafka needed by the embedded Kafka broker. It ships in the " +
            "Confluent.Kafka (librdkafka.redist) package under runtimes/<rid>/native; make sure the package is " +
            "referenced so those files are copied to the output (on Debian/Ubuntu, installing libsasl2-2 also makes " +
            "the default librdkafka.so loadable). Tried:" + failures);
    }

    /// <summary>
    /// The runtime wraps dlerror() ("libsasl2.so.3: cannot open shared object file...") in a long generic
    /// paragraph; the dlerror text on the last line is the useful part.
    /// </summary>
    private static string LoaderReason(DllNotFoundException ex)
    {
        var lines = ex.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length > 0 ? lines[^1] : ex.Message;
    }

    private static IEnumerable<string> Candidates()
    {
        // .NET 8+ reports the portable RID here (linux-x64, linux-arm64, linux-musl-x64), which is exactly
        // the folder layout of the librdkafka.redist package.
        var rid = RuntimeInformation.RuntimeIdentifier;
        string[] fileNames = rid switch
        {
            "linux-x64" => ["librdkafka.so", "centos8-librdkafka.so"],
            _ when rid.StartsWith("linux-musl-", StringComparison.Ordinal) => ["alpine-librdkafka.so", "librdkafka.so"],
            _ => ["librdkafka.so"],
        };
        var packageRid = rid.Replace("linux-musl-", "linux-", StringComparison.Ordinal);

        var baseDirs = new[] { Path.GetDirectoryName(typeof(LibrdkafkaLoader).Assembly.Location), AppContext.BaseDirectory }
            .Where(d => !string.IsNullOrEmpty(d))
            .Select(d => Path.TrimEndingDirectorySeparator(Path.GetFullPath(d!)))
            .Distinct(StringComparer.Ordinal)
            .ToArray();

        foreach (var fileName in fileNames)
        {
            foreach (var dir in baseDirs)
            {
                // Framework-dependent builds keep the package layout; RID-specific publishes flatten it.
                yield return Path.Combine(dir, "runtimes", packageRid, "native", fileName);
                yield return Path.Combine(dir, fileName);
            }
        }

        // Last resort: the system's dynamic linker search (e.g. Debian's librdkafka1). The mock API is not
        // ABI-stable, so this only works if that librdkafka is close to the version Confluent.Kafka expects.
        yield return "librdkafka.so.1";
        yield return "librdkafka.so";
    }
}
