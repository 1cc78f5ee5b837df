using System.Diagnostics;
using TweetPlatform.Contracts;
using TweetPlatform.Hosting;

namespace TweetPlatform.Benchmark;

/// <summary>
/// Waits until the services have worked off what earlier measurements produced (the analytics router,
/// the slowest reader of <c>tweets.v1</c>, has committed up to the end), so one measurement's backlog does
/// not become the next one's load.
/// </summary>
public static class Backlog
{
    public static async Task<TimeSpan> WaitUntilWorkedOffAsync(RunningPlatform system, TimeSpan limit)
    {
        using var reader = GroupProgress.Reader(system.KafkaBootstrapServers, "analytics-router");
        var ends = GroupProgress.Ends(reader, Topics.Tweets);
        var started = Stopwatch.StartNew();
        while (started.Elapsed < limit)
        {
            if (GroupProgress.HasReached(reader, ends))
            {
                return started.Elapsed;
            }
            await Task.Delay(500);
        }
        Console.Error.WriteLine($"  the backlog was not worked off within {limit}; measuring anyway");
        return started.Elapsed;
    }
}
