using System.Diagnostics;

namespace TweetPlatform.Benchmark;

/// <summary>What the latency and fan-out measurements share: sending at a steady rate, and latencies from arrival times.</summary>
public static class Delivery
{
    /// <summary>Waits until the <paramref name="n"/>th send is due at <paramref name="perSecond"/> from <paramref name="started"/> (Stopwatch ticks).</summary>
    public static Task WaitForTurnAsync(long started, int n, double perSecond)
    {
        var due = started + (long)(n * (double)Stopwatch.Frequency / perSecond);
        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
        // Task.Delay's granularity is about a millisecond: closer than that, send now.
        return wait > TimeSpan.FromMilliseconds(1) ? Task.Delay(wait) : Task.CompletedTask;
    }

    /// <summary>
    /// Milliseconds from each send to its arrival, over every client and every event that arrived (of the first
    /// <paramref name="firstEvents"/> sent, or all), sorted.
    /// </summary>
    public static List<double> SortedLatencies(IReadOnlyCollection<SseTweetScanner> clients, long[] sentAt, int? firstEvents = null)
    {
        var events = Math.Min(firstEvents ?? sentAt.Length, sentAt.Length);
        var latencies = new List<double>(events * clients.Count);
        foreach (var client in clients)
        {
            for (var n = 0; n < events; n++)
            {
                if (client.ArrivedAt(n) is var arrived and not 0)
                {
                    latencies.Add(Math.Max(0, (arrived - sentAt[n]) * 1000.0 / Stopwatch.Frequency));
                }
            }
        }
        latencies.Sort();
        return latencies;
    }

    /// <summary>Milliseconds from each of the first <paramref name="firstEvents"/> sends to its answer (0: none came), sorted.</summary>
    public static List<double> SortedLatencies(long[] sentAt, long[] answeredAt, int firstEvents)
    {
        var latencies = new List<double>(firstEvents);
        for (var n = 0; n < Math.Min(firstEvents, sentAt.Length); n++)
        {
            if (answeredAt[n] != 0)
            {
                latencies.Add((answeredAt[n] - sentAt[n]) * 1000.0 / Stopwatch.Frequency);
            }
        }
        latencies.Sort();
        return latencies;
    }
}
