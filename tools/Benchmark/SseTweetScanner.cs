using System.Diagnostics;
using System.Text;

namespace TweetPlatform.Benchmark;

/// <summary>
/// A lean SSE client for measurements: it reads the raw stream and, for every tweet whose id is
/// <c>&lt;prefix&gt;&lt;number&gt;</c>, records when it arrived (Stopwatch ticks) in a slot per number.
/// It scans bytes instead of parsing events, so thousands of them fit in the load generator.
/// </summary>
public sealed class SseTweetScanner : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly HttpResponseMessage _response;
    private readonly Task _reading;
    private byte[] _pattern = [];
    private long[] _arrivals = [];

    private SseTweetScanner(HttpResponseMessage response, Stream stream)
    {
        _response = response;
        _reading = Task.Run(() => ReadAsync(stream));
    }

    public static async Task<SseTweetScanner> ConnectAsync(HttpClient http, Uri url)
    {
        var (response, body) = await SseStream.OpenAsync(http, url);
        return new SseTweetScanner(response, body);
    }

    /// <summary>Clients cut off in the previous run (too slow to read: the push gateway's back-pressure) connect again.</summary>
    public static async Task ReconnectEndedAsync(List<SseTweetScanner> clients, HttpClient http, Uri url)
    {
        for (var i = 0; i < clients.Count; i++)
        {
            if (clients[i].Ended)
            {
                await clients[i].DisposeAsync();
                clients[i] = await ConnectAsync(http, url);
            }
        }
    }

    /// <summary>From now on, tweets <c>prefix0</c> .. <c>prefix{count-1}</c> are recorded (earlier slots are dropped).</summary>
    public void Expect(string prefix, int count)
    {
        _arrivals = new long[count];
        _pattern = Encoding.UTF8.GetBytes($"\"tweetId\":\"{prefix}");
    }

    /// <summary>Arrival tick of tweet <paramref name="n"/>, or 0 when it has not arrived.</summary>
    public long ArrivedAt(int n) => Volatile.Read(ref _arrivals[n]);

    public int ArrivedCount => _arrivals.Count(a => a != 0);

    /// <summary>The server ended the stream (e.g. cut off for not keeping up).</summary>
    public bool Ended => _reading.IsCompleted;

    private async Task ReadAsync(Stream stream)
    {
        var buffer = new byte[64 * 1024];
        var kept = 0;
        try
        {
            while (true)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(kept), _stop.Token);
                if (read == 0)
                {
                    return;
                }
                var now = Stopwatch.GetTimestamp();
                var length = kept + read;
                var consumed = Scan(buffer.AsSpan(0, length), now);
                // Keep an unfinished tail (a match cut by the read) for the next read.
                kept = length - consumed;
                buffer.AsSpan(consumed, kept).CopyTo(buffer);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or HttpRequestException)
        {
        }
    }

    private int Scan(ReadOnlySpan<byte> data, long now)
    {
        var pattern = _pattern;
        var arrivals = _arrivals;
        var position = 0;
        while (pattern.Length > 0)
        {
            var at = data[position..].IndexOf(pattern);
            if (at < 0)
            {
                // Nothing here; keep enough bytes that a pattern cut in two is still found.
                return Math.Max(position, data.Length - pattern.Length - 12);
            }
            var start = position + at + pattern.Length;
            var end = data[start..].IndexOf((byte)'"');
            if (end < 0)
            {
                return position + at;
            }
            if (int.TryParse(data.Slice(start, end), out var n) && n >= 0 && n < arrivals.Length && arrivals[n] == 0)
            {
                Volatile.Write(ref arrivals[n], now);
            }
            position = start + end;
        }
        return data.Length;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _response.Dispose();
        await _reading;
        _stop.Dispose();
    }
}
