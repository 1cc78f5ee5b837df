using System.Net.Http.Headers;
using System.Text;

namespace TweetPlatform.IntegrationTests.Infrastructure;

/// <summary>One server-sent event as a browser's EventSource would see it.</summary>
public sealed record SseMessage(string EventType, string? Id, string Data)
{
    /// <summary>When the client had read the whole event.</summary>
    public DateTimeOffset ReceivedAt { get; init; } = DateTimeOffset.UtcNow;
}

/// <summary>
/// A real SSE client over HTTP: parses the event-stream line protocol (event/id/data/retry and
/// comments) and lets a test await a condition on what arrived, with a timeout.
/// </summary>
public sealed class SseTestClient : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<SseMessage> _events = [];
    private readonly List<string> _comments = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _reader = Task.CompletedTask;
    private string? _refusal;

    private SseTestClient(HttpClient http) => _http = http;

    public HttpResponseMessage Response { get; private set; } = null!;
    public int? RetryMilliseconds { get; private set; }
    public bool Ended { get; private set; }

    public IReadOnlyList<SseMessage> Events
    {
        get { lock (_events) { return [.. _events]; } }
    }

    public IReadOnlyList<string> Comments
    {
        get { lock (_events) { return [.. _comments]; } }
    }

    /// <summary>
    /// Opens the stream as the SPA does: a refusal that says to come back (503 while an instance replays or
    /// stops, 429 from the gateway's rate limit) is retried after its <c>Retry-After</c>, for up to
    /// <paramref name="patience"/> (15 s unless given); any other refusal is kept, and waiting on it fails at once.
    /// </summary>
    public static async Task<SseTestClient> ConnectAsync(Uri url, string? lastEventId = null, TimeSpan? patience = null)
    {
        var giveUpAt = DateTimeOffset.UtcNow + (patience ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            var client = await TryConnectAsync(url, lastEventId);
            var status = client.Response.StatusCode;
            if (client.Response.IsSuccessStatusCode
                || status is not (System.Net.HttpStatusCode.ServiceUnavailable or System.Net.HttpStatusCode.TooManyRequests))
            {
                return client;
            }
            var retryAfter = client.Response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
            var remaining = giveUpAt - DateTimeOffset.UtcNow;
            if (remaining <= TimeSpan.Zero)
            {
                return client;
            }
            await client.DisposeAsync();
            await Task.Delay(retryAfter < remaining ? retryAfter : remaining);
        }
    }

    private static async Task<SseTestClient> TryConnectAsync(Uri url, string? lastEventId)
    {
        var client = new SseTestClient(new HttpClient { Timeout = Timeout.InfiniteTimeSpan });
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }
        using var connectTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        client.Response = await client._http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, connectTimeout.Token);
        if (client.Response.IsSuccessStatusCode)
        {
            var stream = await client.Response.Content.ReadAsStreamAsync();
            client._reader = Task.Run(() => client.ReadAsync(stream));
        }
        else
        {
            client._refusal = $"{(int)client.Response.StatusCode} {client.Response.ReasonPhrase}: {await client.Response.Content.ReadAsStringAsync(connectTimeout.Token)}";
        }
        return client;
    }

    /// <summary>
    /// Waits until <paramref name="condition"/> holds over the events received so far. It runs on a copy, outside
    /// the lock: a costly condition over thousands of events must not stall the reader, or the server would see
    /// a slow client and cut it off.
    /// </summary>
    public async Task<IReadOnlyList<SseMessage>> WaitForAsync(Func<IReadOnlyList<SseMessage>, bool> condition, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            Task changed;
            List<SseMessage> received;
            bool ended;
            lock (_events)
            {
                received = [.. _events];
                ended = Ended;
                changed = _changed.Task;
            }
            if (condition(received))
            {
                return received;
            }
            if (_refusal is not null)
            {
                throw new InvalidOperationException($"The stream was refused: {_refusal}");
            }
            if (ended)
            {
                throw new InvalidOperationException($"The stream ended before the condition held. Received: {Describe()}");
            }
            try
            {
                await changed.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Condition not met within {timeout}. Received: {Describe()}");
            }
        }
    }

    public async Task<SseMessage> WaitForEventAsync(Func<SseMessage, bool> match, TimeSpan timeout) =>
        (await WaitForAsync(events => events.Any(match), timeout)).First(match);

    /// <summary>Waits until the server has ended the stream.</summary>
    public async Task WaitForEndAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            Task changed;
            lock (_events)
            {
                if (Ended)
                {
                    return;
                }
                changed = _changed.Task;
            }
            await changed.WaitAsync(cts.Token);
        }
    }

    public async Task WaitForCommentAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            Task changed;
            lock (_events)
            {
                if (_comments.Count > 0)
                {
                    return;
                }
                changed = _changed.Task;
            }
            await changed.WaitAsync(cts.Token);
        }
    }

    private async Task ReadAsync(Stream stream)
    {
        try
        {
            await SseEventReader.ReadAsync(stream, new SseEventReader.Callbacks(
                Add,
                comment =>
                {
                    lock (_events) { _comments.Add(comment); }
                    Signal();
                },
                retry => RetryMilliseconds = retry), _stop.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or HttpRequestException)
        {
            // Disconnected.
        }
        finally
        {
            lock (_events) { Ended = true; }
            Signal();
        }
    }

    private void Add(SseMessage message)
    {
        lock (_events) { _events.Add(message); }
        Signal();
    }

    private void Signal()
    {
        TaskCompletionSource previous;
        lock (_events)
        {
            previous = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        previous.TrySetResult();
    }

    private string Describe()
    {
        lock (_events)
        {
            return $"{_events.Count} event(s): " + string.Join(" | ", _events.TakeLast(10).Select(e => $"{e.EventType}#{e.Id}: {Truncate(e.Data)}"));
        }
    }

    private static string Truncate(string s) => s.Length <= 120 ? s : s[..120] + "...";

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        Response?.Dispose();
        _http.Dispose();
        try
        {
            await _reader.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
        }
        _stop.Dispose();
    }
}
