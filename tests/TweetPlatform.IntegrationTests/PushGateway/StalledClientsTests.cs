using System.Globalization;
using System.Net.Sockets;
using System.Text;
using TweetPlatform.AppHost.Settings;
using TweetPlatform.Hosting;
using TweetPlatform.IntegrationTests.Infrastructure;

namespace TweetPlatform.IntegrationTests.PushGateway;

/// <summary>
/// Hundreds of browsers that stop reading (a sleeping laptop, a stuck tab): each is cut off when its queue
/// fills, its connection is dropped at once, and the instance's memory comes back to what it holds with
/// only the reading clients, who get every event throughout.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class StalledClientsTests(PlatformFixture platform, Xunit.Abstractions.ITestOutputHelper output)
{
    private const int Stalled = 300;
    private const int Readers = 5;
    private const int Events = 4_000;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Clients_that_never_read_lose_their_connections_at_once_their_memory_comes_back_and_readers_get_every_event()
    {
        var conference = "stall-" + Guid.NewGuid().ToString("N")[..8];
        // An instance of its own (its memory and connections are this test's alone), with room for every client of
        // one address, and a resume buffer the warm-up fills, so the second round retains no more than the first.
        var (instance, url) = await platform.System.StartAdditionalInstanceAsync(ResourceNames.PushGateway, new Dictionary<string, string>
        {
            ["PushGateway__MaxConnectionsPerAddress"] = "10000",
            ["PushGateway__ResumeFrames"] = "2000",
            ["PushGateway__SnapshotTweets"] = "100", // the default (the suite's instances keep 1,000)
            ["PushGateway__ClientQueueCapacity"] = "1024", // well below the 4,000 tweets of a round, so every stalled client fills up
        });
        await using (instance)
        {
            var dropped = 0;
            var released = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            instance.LineReceived += line =>
            {
                if (line.Contains("its queue is full", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref dropped);
                }
                else if (line.Contains("Released the memory of", StringComparison.Ordinal))
                {
                    // Read from outside, as the instance says it has given the memory back.
                    released.TrySetResult(instance.ResidentBytes);
                }
            };
            var readers = new List<SseTestClient>();
            for (var i = 0; i < Readers; i++)
            {
                readers.Add(await SseTestClient.ConnectAsync(new Uri(url, $"/api/updates?conference={conference}")));
            }
            using var input = new AnalyticsInput(platform.System.KafkaBootstrapServers);

            // Round 1, readers only: the instance's memory with this traffic and no stalled client.
            await SendTweetsAsync(input, conference, "warm");
            await ReadersGetAsync(readers, Events);
            var warm = await SettledResidentBytesAsync(instance);

            var stalled = new List<TcpClient>();
            try
            {
                for (var i = 0; i < Stalled; i++)
                {
                    var client = new TcpClient { ReceiveBufferSize = 4 * 1024 };
                    stalled.Add(client);
                    await client.ConnectAsync(url.Host, url.Port);
                    await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes(
                        $"GET /api/updates?conference={conference} HTTP/1.1\r\nHost: {url.Authority}\r\nAccept: text/event-stream\r\n\r\n"));
                }
                await Eventually.TrueAsync(() => ServerConnections(url.Port) >= Stalled + Readers, "every client is connected", Wait, TimeSpan.FromMilliseconds(100));

                // Round 2, the same traffic: far more than a stalled client's queue and buffers hold.
                var peak = 0L;
                var sending = SendTweetsAsync(input, conference, "stall");
                while (!sending.IsCompleted)
                {
                    peak = Math.Max(peak, instance.ResidentBytes);
                    await Task.WhenAny(sending, Task.Delay(100));
                }
                await sending;
                await Eventually.TrueAsync(() =>
                {
                    peak = Math.Max(peak, instance.ResidentBytes);
                    return Volatile.Read(ref dropped) >= Stalled;
                }, $"all {Stalled} stalled clients are cut off", Wait, TimeSpan.FromMilliseconds(50));
                var cutOff = DateTimeOffset.UtcNow;
                // Their server-side connections are gone, not left blocked in a write: only the readers' remain.
                await Eventually.HoldsAsync(() => ServerConnections(url.Port) is var open && open <= Readers ? null
                    : $"{open} connections are still open on the server, {Readers} of them readers", TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(20));
                var closedAfter = DateTimeOffset.UtcNow - cutOff;
                Assert.Equal(Stalled, Volatile.Read(ref dropped)); // no reader was cut off

                await ReadersGetAsync(readers, 2 * Events);
                // A stalled client's own socket sees the end too (reset or close, after what was buffered for it).
                foreach (var client in stalled.Take(20))
                {
                    Assert.True(await EndsAsync(client.GetStream()), "a stalled client's connection is still open");
                }

                // The memory comes back, a second after the last cut-off: the instance is within a tenth of what it
                // held with the readers alone (the server's block pool keeps some for the next connections).
                var after = await released.Task.WaitAsync(TimeSpan.FromSeconds(10));
                Assert.True(after <= warm + warm / 10,
                    $"resident memory is {Mb(after)} MB after the cut-off, {Mb(warm)} MB with the readers alone (peak {Mb(peak)} MB)");
                output.WriteLine($"{Stalled} stalled + {Readers} reading clients, {Events} x 1 KB tweets at 250/s: resident memory with the readers alone "
                    + $"{Mb(warm)} MB, peak with the stalled clients {Mb(peak)} MB ({(peak - warm) / 1024.0 / Stalled:F0} KB per stalled client before "
                    + $"its cut-off), {Mb(after)} MB once given back ({Mb(instance.ResidentBytes)} MB at the end, allocated since); connections closed {closedAfter.TotalMilliseconds:F0} ms after the last cut-off");
                // Typically tens of milliseconds; one full-suite run on the shared 2 cores took over 5 s.
                Assert.True(closedAfter < TimeSpan.FromSeconds(10), $"the connections closed {closedAfter.TotalMilliseconds:F0} ms after the cut-off");
            }
            finally
            {
                foreach (var client in stalled)
                {
                    client.Dispose();
                }
                foreach (var reader in readers)
                {
                    await reader.DisposeAsync();
                }
            }
        }
    }

    /// <summary>~1 KB tweets at 250 a second.</summary>
    private static async Task SendTweetsAsync(AnalyticsInput input, string conference, string round)
    {
        var text = new string('x', 1_000);
        var sends = new List<Task>(Events);
        for (var i = 0; i < Events; i++)
        {
            sends.Add(input.SendAsync(AnalyticsInput.Tweet($"{conference}-{round}-{i}", conference, DateTimeOffset.UtcNow) with { Text = text }));
            if (i % 200 == 199)
            {
                await Task.Delay(800);
            }
        }
        await Task.WhenAll(sends);
    }

    private static async Task ReadersGetAsync(IEnumerable<SseTestClient> readers, int tweets)
    {
        foreach (var reader in readers)
        {
            var events = await reader.WaitForAsync(e => e.Count(m => m.EventType == "tweet") >= tweets, Wait);
            Assert.Equal(tweets, events.Where(m => m.EventType == "tweet").Select(TweetRequests.TweetIdOf).Distinct().Count());
        }
    }

    /// <summary>Resident memory once it has stopped moving (unchanged by more than 1 MB over a second).</summary>
    private static async Task<long> SettledResidentBytesAsync(ChildProcess instance)
    {
        var last = instance.ResidentBytes;
        for (var i = 0; i < 20; i++)
        {
            await Task.Delay(1_000);
            var now = instance.ResidentBytes;
            if (Math.Abs(now - last) < 1_000_000)
            {
                return now;
            }
            last = now;
        }
        return last;
    }

    private static long Mb(long bytes) => bytes / 1_000_000;

    /// <summary>Established TCP connections whose local end is the server's port (the server's side of each client).</summary>
    private static int ServerConnections(int port)
    {
        var hexPort = port.ToString("X4", CultureInfo.InvariantCulture);
        return new[] { "/proc/net/tcp", "/proc/net/tcp6" }.Where(File.Exists).SelectMany(File.ReadLines).Skip(1)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Count(fields => fields.Length > 3 && fields[1].EndsWith(":" + hexPort, StringComparison.Ordinal) && fields[3] == "01");
    }

    private static async Task<bool> EndsAsync(NetworkStream stream)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[64 * 1024];
        try
        {
            while (await stream.ReadAsync(buffer, timeout.Token) > 0)
            {
            }
            return true;
        }
        catch (IOException)
        {
            return true; // reset
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
