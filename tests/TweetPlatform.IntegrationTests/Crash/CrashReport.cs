using TweetPlatform.Hosting;

namespace TweetPlatform.IntegrationTests.Crash;

/// <summary>What a crash test measured, kept under <c>test-output/crash/</c> for the record (recovery times, counts).</summary>
public static class CrashReport
{
    public static void Write(string service, IEnumerable<string> lines)
    {
        var folder = Path.Combine(RepositoryLayout.Root, "test-output", "crash");
        Directory.CreateDirectory(folder);
        File.WriteAllLines(Path.Combine(folder, $"{service}.txt"), [$"# kill -9 of {service}, {DateTimeOffset.UtcNow:u}", .. lines]);
    }
}
