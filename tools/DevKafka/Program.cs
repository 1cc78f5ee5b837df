using System.Net.Sockets;
using System.Runtime.InteropServices;
using Confluent.Kafka;
using TweetPlatform.EmbeddedKafka;
using TweetPlatform.EmbeddedKafka.Persistence;

namespace TweetPlatform.DevKafka;

/// <summary>
/// Embedded Kafka for Docker-less local runs: hosts librdkafka's mock cluster until SIGINT/SIGTERM.
/// Other processes find it through the bootstrap line on stdout or the optional bootstrap file.
/// </summary>
public static class Program
{
    /// <summary>Runners parse this prefix from stdout; keep it stable.</summary>
    public const string BootstrapLinePrefix = "Embedded Kafka (librdkafka mock cluster) bootstrap: ";

    private const string Usage =
        "Usage: TweetPlatform.DevKafka [--brokers N] [--port N] [--bootstrap-file PATH] [--data-dir PATH [--start-empty]]\n" +
        "  --brokers N            number of mock brokers (default 1)\n" +
        "  --port N               also take bootstrap connections on 127.0.0.1:N (a fixed address, e.g. 9092, for\n" +
        "                         containers sharing the host's or a pod's network)\n" +
        "  --bootstrap-file PATH  write the bootstrap address to PATH (removed on exit)\n" +
        "  --data-dir PATH        keep topics, records and committed offsets in PATH across restarts\n" +
        "                         (without it, everything is in memory and lost on exit)\n" +
        "  --start-empty          delete what PATH holds before starting";

    public static int Main(string[] args)
    {
        if (!TryParse(args, out var brokers, out var port, out var bootstrapFile, out var dataDir, out var startEmpty, out var error))
        {
            if (error is not null)
            {
                Console.Error.WriteLine(error);
            }

            Console.Error.WriteLine(Usage);
            return error is null ? 0 : 2;
        }

        // Register before starting the cluster so an early signal still gets a clean shutdown. Cancelling
        // the default action stops the runtime from terminating the process before we dispose.
        using var stop = new ManualResetEventSlim();
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Set();
        }

        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

        MockKafkaCluster cluster;
        KafkaDataDirectory? data = null;
        JournalWriter? journal = null;
        try
        {
            data = dataDir is null ? null : KafkaDataDirectory.Open(dataDir, startEmpty);
            cluster = MockKafkaCluster.Start(new MockKafkaClusterOptions { Brokers = brokers });
        }
        catch (Exception ex) when (ex is EmbeddedKafkaException or DllNotFoundException or PlatformNotSupportedException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"Embedded Kafka failed to start: {ex.Message}");
            data?.Dispose();
            return 1;
        }

        using (data)
        using (cluster)
        {
            if (data is not null)
            {
                try
                {
                    var restored = JournalRestore.Restore(cluster, data);
                    Console.Out.WriteLine($"Restored {restored.Records} records and {restored.GroupOffsets} committed offsets from {data.Path} " +
                        $"in {restored.Took.TotalMilliseconds:F0} ms.");
                    journal = JournalWriter.Start(cluster.BootstrapServers, data, restored.Ends);
                }
                catch (Exception ex) when (ex is EmbeddedKafkaException or KafkaException or IOException or System.Text.Json.JsonException)
                {
                    Console.Error.WriteLine($"Embedded Kafka could not restore {data.Path}: {ex.Message} " +
                        "Start it empty (TweetPlatform:Kafka:StartEmpty=true, or --start-empty) to discard that data.");
                    return 1;
                }
            }

            BootstrapForwarder? forwarder;
            try
            {
                forwarder = port is { } fixedPort ? BootstrapForwarder.Start(fixedPort, cluster.BootstrapServers) : null;
            }
            catch (SocketException ex)
            {
                Console.Error.WriteLine($"Embedded Kafka cannot take bootstrap connections on port {port}: {ex.Message}");
                return 1;
            }

            using (forwarder)
            try
            {
                if (bootstrapFile is not null)
                {
                    WriteAtomically(bootstrapFile, cluster.BootstrapServers);
                }

                Console.Out.WriteLine(BootstrapLinePrefix + cluster.BootstrapServers);
                if (forwarder is not null)
                {
                    Console.Out.WriteLine($"Bootstrap also on 127.0.0.1:{forwarder.Port}");
                }
                Console.Out.Flush();
                Console.Out.WriteLine(data is null
                    ? "WARNING: in-memory development broker; all data is lost on exit. Do not use in production."
                    : $"Development broker (not for production); data kept in {data.Path}, a kill -9 loses at most the last second.");
                Console.Out.WriteLine($"Brokers: {cluster.BrokerCount}. Pre-created topics:");
                foreach (var topic in cluster.Topics)
                {
                    Console.Out.WriteLine($"  {topic.Name} ({topic.Partitions} partitions)");
                }

                Console.Out.WriteLine("Press Ctrl+C (or send SIGTERM) to stop.");
                Console.Out.Flush();

                stop.Wait();
                Console.Out.WriteLine("Stopping embedded Kafka.");
            }
            finally
            {
                journal?.Dispose();
                if (journal?.Failure is { } failure)
                {
                    Console.Error.WriteLine($"Keeping the embedded broker's data failed: {failure.Message}");
                }
                if (bootstrapFile is not null)
                {
                    TryDelete(bootstrapFile);
                }
            }
        }

        return 0;
    }

    private static bool TryParse(string[] args, out int brokers, out int? port, out string? bootstrapFile, out string? dataDir, out bool startEmpty, out string? error)
    {
        brokers = 1;
        port = null;
        bootstrapFile = null;
        dataDir = null;
        startEmpty = false;
        error = null;
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            string? NextValue() => i + 1 < args.Length ? args[++i] : null;
            switch (arg)
            {
                case "--brokers":
                    var value = NextValue();
                    if (!int.TryParse(value, out brokers) || brokers < 1)
                    {
                        error = $"--brokers needs a positive integer, got '{value}'.";
                        return false;
                    }

                    break;
                case "--port":
                    var portValue = NextValue();
                    if (!int.TryParse(portValue, out var fixedPort) || fixedPort is < 1 or > 65535)
                    {
                        error = $"--port needs a TCP port (1-65535), got '{portValue}'.";
                        return false;
                    }

                    port = fixedPort;
                    break;
                case "--bootstrap-file":
                    bootstrapFile = NextValue();
                    if (string.IsNullOrWhiteSpace(bootstrapFile))
                    {
                        error = "--bootstrap-file needs a path.";
                        return false;
                    }

                    bootstrapFile = Path.GetFullPath(bootstrapFile);
                    break;
                case "--data-dir":
                    dataDir = NextValue();
                    if (string.IsNullOrWhiteSpace(dataDir))
                    {
                        error = "--data-dir needs a path.";
                        return false;
                    }

                    break;
                case "--start-empty":
                    startEmpty = true;
                    break;
                case "-h" or "--help":
                    return false;
                default:
                    error = $"Unknown argument '{arg}'.";
                    return false;
            }
        }

        return true;
    }

    /// <summary>Temp file + rename, so a reader polling for the file never sees it half-written.</summary>
    private static void WriteAtomically(string path, string content)
    {
        var directory = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(directory);
        // Same directory: rename is only atomic within one file system.
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        File.WriteAllText(temp, content);
        File.Move(temp, path, overwrite: true);
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException ex)
        {
            Console.Error.WriteLine($"Could not delete bootstrap file {path}: {ex.Message}");
        }
        catch (UnauthorizedAccessException ex)
        {
            Console.Error.WriteLine($"Could not delete bootstrap file {path}: {ex.Message}");
        }
    }
}
