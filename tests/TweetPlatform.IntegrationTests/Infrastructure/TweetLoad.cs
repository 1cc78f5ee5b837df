using System.Collections.Concurrent;
using System.Net;

namespace TweetPlatform.IntegrationTests.Infrastructure;

/// <summary>
/// Steady traffic through the gateway while something is killed: a tweet every <c>interval</c> for one
/// conference, and on every third accepted tweet two likes by distinct viewers. Keeps what was accepted
/// (202 for tweets, 2xx for likes): the brute-force truth the platform's results are checked against.
/// Refused requests (a service down) are retried, as a webhook sender does.
/// </summary>
public sealed class TweetLoad : IAsyncDisposable
{
    private readonly Uri _gateway;
    private readonly string _secret;
    private readonly string _hashtag;
    private readonly TimeSpan _interval;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<string> _accepted = new();
    private readonly ConcurrentDictionary<string, int> _likes = new();
    private readonly Task _loop;
    private int _refused;

    private TweetLoad(Uri gateway, string secret, string hashtag, TimeSpan interval)
    {
        (_gateway, _secret, _hashtag, _interval) = (gateway, secret, hashtag, interval);
        _loop = Task.Run(RunAsync);
    }

    public static TweetLoad Start(Uri gateway, string secret, string hashtag, TimeSpan interval) => new(gateway, secret, hashtag, interval);

    public IReadOnlyList<string> Accepted => [.. _accepted];

    public IReadOnlyDictionary<string, int> ExpectedLikes => new Dictionary<string, int>(_likes);

    /// <summary>Requests answered with an error and sent again.</summary>
    public int Refused => Volatile.Read(ref _refused);

    /// <summary>Stops sending; what was sent is settled (accepted or not) when this returns.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
    }

    private async Task RunAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var next = 0;
        while (!_stop.IsCancellationRequested)
        {
            var id = $"load-{TweetRequests.UniqueId()}";
            var body = new { id, text = $"Under load {next} #{_hashtag}", author = "load" };
            if (!await SendUntilAcceptedAsync(http, () => TweetRequests.Tweet(_gateway, _secret, body), HttpStatusCode.Accepted))
            {
                return;
            }
            _accepted.Enqueue(id);
            if (next++ % 3 == 0)
            {
                foreach (var viewer in new[] { "load-viewer-a", "load-viewer-b" })
                {
                    if (!await SendUntilAcceptedAsync(http, () => TweetRequests.Likes(HttpMethod.Post, _gateway, id, viewer), HttpStatusCode.OK))
                    {
                        return;
                    }
                    _likes.AddOrUpdate(id, 1, (_, count) => count + 1);
                }
            }
            try
            {
                await Task.Delay(_interval, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>False only when stopped before a first try; a request begun is seen through to an answer.</summary>
    private async Task<bool> SendUntilAcceptedAsync(HttpClient http, Func<HttpRequestMessage> request, HttpStatusCode accepted)
    {
        if (_stop.IsCancellationRequested)
        {
            return false;
        }
        while (true)
        {
            try
            {
                using var message = request();
                using var response = await http.SendAsync(message);
                if (response.StatusCode == accepted || (accepted == HttpStatusCode.OK && response.IsSuccessStatusCode))
                {
                    return true;
                }
                if ((int)response.StatusCode < 500 && response.StatusCode != HttpStatusCode.TooManyRequests)
                {
                    throw new InvalidOperationException($"{message.Method} {message.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Down for a moment: sent again below.
            }
            Interlocked.Increment(ref _refused);
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }
}
