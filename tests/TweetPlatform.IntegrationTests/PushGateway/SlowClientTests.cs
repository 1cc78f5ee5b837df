using System.Net.Sockets;
using System.Text;
using TweetPlatform.IntegrationTests.Infrastructure;
using TweetPlatform.AppHost.Settings;

namespace TweetPlatform.IntegrationTests.PushGateway;

/// <summary>
/// A stalled browser tab (connected, never reading) while 10,000 events flow: the push gateway cuts it
/// off (its connection dropped) instead of buffering for it, its memory stays bounded, and a healthy client gets every event promptly.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class SlowClientTests(PlatformFixture platform, Xunit.Abstractions.ITestOutputHelper output)
{
    private const int Events = 10_000;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_client_that_never_reads_is_dropped_while_a_healthy_one_receives_all_10000_events_promptly()
    {
        var conference = "slow-" + Guid.NewGuid().ToString("N")[..8];
        // An instance of its own, so its memory is this test's alone.
        var (gateway, url) = await platform.System.StartAdditionalInstanceAsync(ResourceNames.PushGateway);
        await using (gateway)
        {
            var droppedLogged = new TaskCompletionSource();
            gateway.LineReceived += line =>
            {
                if (line.Contains("its queue is full", StringComparison.Ordinal))
                {
                    droppedLogged.TrySetResult();
                }
            };
            using var stalled = new TcpClient { ReceiveBufferSize = 4 * 1024 };
            await stalled.ConnectAsync(url.Host, url.Port);
            var socket = stalled.GetStream();
            await socket.WriteAsync(Encoding.ASCII.GetBytes($"GET /api/updates HTTP/1.1\r\nHost: {url.Authority}\r\nAccept: text/event-stream\r\nConnection: close\r\n\r\n"));
            await using var healthy = await SseTestClient.ConnectAsync(new Uri(url, "/api/updates"));
            var memoryBefore = gateway.ResidentBytes;

            // ~1 KB per tweet, 2,000 a second: 10 MB through the gateway, which it must not hold for the stalled client.
            using (var input = new AnalyticsInput(platform.System.KafkaBootstrapServers))
            {
                var text = new string('x', 1_000);
                var sends = new List<Task>(Events);
                var started = DateTimeOffset.UtcNow;
                for (var i = 0; i < Events; i++)
                {
                    var tweet = AnalyticsInput.Tweet($"{conference}-{i}", conference, DateTimeOffset.UtcNow) with { Text = text };
                    sends.Add(input.SendAsync(tweet));
                    if (i % 100 == 99)
                    {
                        var due = started + TimeSpan.FromMilliseconds(i / 2.0);
                        if (due > DateTimeOffset.UtcNow)
                        {
                            await Task.Delay(due - DateTimeOffset.UtcNow);
                        }
                    }
                }
                await Task.WhenAll(sends);
            }

            // The count first: parsing every event on each arrival would take the CPU the reader and the gateway need.
            var events = await healthy.WaitForAsync(e => e.Count >= Events && e.Count(IsRun) >= Events, Wait);
            var memoryAfter = gateway.ResidentBytes;

            // The server ended the stalled stream: what it had sent drains and then the connection is closed.
            var sentToStalled = CountOccurrences(await DrainUntilClosedAsync(socket), $"\"tweetId\":\"{conference}-");
            Assert.True(sentToStalled < Events / 2, $"the stalled client was sent {sentToStalled} of the {Events} tweets before it was cut off");
            await droppedLogged.Task.WaitAsync(Wait);

            var run = events.Where(IsRun).ToList();
            Assert.Equal(Events, run.Select(e => TweetRequests.TweetIdOf(e)).Distinct().Count());
            var delays = run.Select(e => (e.ReceivedAt - TweetRequests.Json(e.Data).GetProperty("createdAt").GetDateTimeOffset()).TotalMilliseconds)
                .Order().ToList();
            var p99 = delays[(int)(delays.Count * 0.99)];
            output.WriteLine($"stalled client got {sentToStalled} tweets before the cut-off; healthy client p50 {delays[delays.Count / 2]:F0} ms, "
                + $"p99 {p99:F0} ms, max {delays[^1]:F0} ms; gateway memory {memoryBefore / 1_000_000} MB -> {memoryAfter / 1_000_000} MB");
            Assert.True(p99 < 5_000, $"healthy client: p50 {delays[delays.Count / 2]:F0} ms, p99 {p99:F0} ms");
            Assert.True(memoryAfter - memoryBefore < 150_000_000,
                $"push gateway memory grew by {(memoryAfter - memoryBefore) / 1_000_000} MB while 10 MB of events flowed");
        }

        bool IsRun(SseMessage e) => e.EventType == "tweet" && TweetRequests.TweetIdOf(e)?.StartsWith(conference, StringComparison.Ordinal) == true;
    }

    /// <summary>Reads what the server sent until it closes (or, cutting a stalled client off, resets) the connection.</summary>
    private static async Task<string> DrainUntilClosedAsync(NetworkStream socket)
    {
        using var timeout = new CancellationTokenSource(Wait);
        using var received = new MemoryStream();
        try
        {
            await socket.CopyToAsync(received, timeout.Token);
        }
        catch (IOException ex) when (ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset })
        {
            // Dropped at once by the server: what arrived before the reset is what was sent.
        }
        return Encoding.UTF8.GetString(received.ToArray());
    }

    private static int CountOccurrences(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }
}
