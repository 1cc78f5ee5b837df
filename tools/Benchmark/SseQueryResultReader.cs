using System.Diagnostics;
using System.Text.Json;

namespace TweetPlatform.Benchmark;

/// <summary>
/// A browser's stream of one live query's results (<c>/api/updates?only=queries&amp;query=id</c>): for every
/// <c>query-result</c> (and the snapshot's <c>queryResults</c>) it records when it arrived (Stopwatch ticks) and the
/// number in its first row's first column, which for a <c>COUNT(*)</c> without groups is the count so far.
/// </summary>
public sealed class SseQueryResultReader : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly HttpResponseMessage _response;
    private readonly string _queryId;
    private readonly Task _reading;
    private readonly List<(long Tick, long Count)> _arrivals = [];
    private readonly List<double> _sinceEmitted = [];

    private SseQueryResultReader(HttpResponseMessage response, Stream stream, string queryId)
    {
        _response = response;
        _queryId = queryId;
        _reading = Task.Run(() => ReadAsync(stream));
    }

    public static async Task<SseQueryResultReader> ConnectAsync(HttpClient http, Uri gateway, string queryId)
    {
        var (response, body) = await SseStream.OpenAsync(http, new Uri(gateway, $"/api/updates?only=queries&query={queryId}"));
        return new SseQueryResultReader(response, body, queryId);
    }

    /// <summary>The count of the latest result (0 before the first).</summary>
    public long LatestCount
    {
        get
        {
            lock (_arrivals)
            {
                return _arrivals.Count == 0 ? 0 : _arrivals[^1].Count;
            }
        }
    }

    /// <summary>The results that arrived at or after <paramref name="sinceTick"/>, in arrival order.</summary>
    public IReadOnlyList<(long Tick, long Count)> ArrivalsSince(long sinceTick)
    {
        lock (_arrivals)
        {
            return [.. _arrivals.Where(a => a.Tick >= sinceTick)];
        }
    }

    /// <summary>Milliseconds from each result's emission (its <c>changedAt</c>, analytics' clock, this machine's) to its arrival here.</summary>
    public IReadOnlyList<double> TakeSinceEmitted()
    {
        lock (_arrivals)
        {
            var taken = _sinceEmitted.ToList();
            _sinceEmitted.Clear();
            return taken;
        }
    }

    public bool Ended => _reading.IsCompleted;

    private async Task ReadAsync(Stream stream)
    {
        using var reader = new StreamReader(stream);
        var eventType = "";
        try
        {
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                if (line.StartsWith("event:", StringComparison.Ordinal))
                {
                    eventType = line["event:".Length..].Trim();
                }
                else if (line.StartsWith("data:", StringComparison.Ordinal))
                {
                    Record(eventType, line["data:".Length..]);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or HttpRequestException)
        {
        }
    }

    private void Record(string eventType, string data)
    {
        var now = Stopwatch.GetTimestamp();
        var utcNow = DateTimeOffset.UtcNow;
        using var json = JsonDocument.Parse(data);
        var results = eventType switch
        {
            "query-result" => [json.RootElement],
            "snapshot" when json.RootElement.TryGetProperty("queryResults", out var list) => list.EnumerateArray().ToList(),
            _ => [],
        };
        foreach (var result in results)
        {
            if (result.GetProperty("queryId").GetString() == _queryId
                && result.GetProperty("rows") is { ValueKind: JsonValueKind.Array } rows && rows.GetArrayLength() > 0)
            {
                var count = (long)rows[0][0].GetDouble();
                lock (_arrivals)
                {
                    _arrivals.Add((now, count));
                    if (eventType == "query-result")
                    {
                        _sinceEmitted.Add((utcNow - result.GetProperty("changedAt").GetDateTimeOffset()).TotalMilliseconds);
                    }
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _response.Dispose();
        await _reading;
        _stop.Dispose();
    }
}
