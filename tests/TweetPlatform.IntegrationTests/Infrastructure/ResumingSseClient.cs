using System.Diagnostics;
using System.Net.Http.Headers;

namespace TweetPlatform.IntegrationTests.Infrastructure;

/// <summary>
/// A browser tab's update stream as the SPA keeps it: one stream at a time, and when it ends, breaks or is
/// refused, it connects again after the server's <c>retry:</c> (or <c>Retry-After</c>) with the id of the
/// last event it got as <c>Last-Event-ID</c>. Keeps every event of every connection in order.
/// </summary>
public sealed class ResumingSseClient : IAsyncDisposable
{
    private readonly Uri _url;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<SseMessage> _events = [];
    private readonly List<TimeSpan> _resumeTimes = [];
    private readonly Task _loop;
    private string? _lastEventId;
    private int _retryMilliseconds = 1_000;
    private int _connections;
    private long? _brokenAt;

    private ResumingSseClient(Uri url)
    {
        _url = url;
        _loop = Task.Run(RunAsync);
    }

    public static ResumingSseClient Start(Uri url) => new(url);

    public IReadOnlyList<SseMessage> Events
    {
        get { lock (_events) { return [.. _events]; } }
    }

    /// <summary>Streams that were opened (200).</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Per broken stream, how long until the next one was open again.</summary>
    public IReadOnlyList<TimeSpan> ResumeTimes
    {
        get { lock (_events) { return [.. _resumeTimes]; } }
    }

    public int CountOf(string eventType)
    {
        lock (_events) { return _events.Count(e => e.EventType == eventType); }
    }

    private async Task RunAsync()
    {
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        while (!_stop.IsCancellationRequested)
        {
            var delay = TimeSpan.FromMilliseconds(Volatile.Read(ref _retryMilliseconds));
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, _url);
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
                if (Volatile.Read(ref _lastEventId) is { } lastEventId)
                {
                    request.Headers.Add("Last-Event-ID", lastEventId);
                }
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, _stop.Token);
                if (response.IsSuccessStatusCode)
                {
                    Opened();
                    await SseEventReader.ReadAsync(await response.Content.ReadAsStreamAsync(_stop.Token), new SseEventReader.Callbacks(
                        Add, _ => { }, retry => Volatile.Write(ref _retryMilliseconds, retry)), _stop.Token);
                }
                else if (response.Headers.RetryAfter?.Delta is { } retryAfter)
                {
                    delay = retryAfter;
                }
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException || (ex is OperationCanceledException && !_stop.IsCancellationRequested))
            {
                // The connection broke (an instance died): as a browser, try again after the delay.
            }
            catch (OperationCanceledException)
            {
                return;
            }
            lock (_events) { _brokenAt ??= Stopwatch.GetTimestamp(); }
            try
            {
                await Task.Delay(delay, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void Opened()
    {
        Interlocked.Increment(ref _connections);
        lock (_events)
        {
            if (_brokenAt is { } brokenAt)
            {
                _resumeTimes.Add(Stopwatch.GetElapsedTime(brokenAt));
                _brokenAt = null;
            }
        }
    }

    private void Add(SseMessage message)
    {
        lock (_events) { _events.Add(message); }
        if (message.Id is not null)
        {
            Volatile.Write(ref _lastEventId, message.Id);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
