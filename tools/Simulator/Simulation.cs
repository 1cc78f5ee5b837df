using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace TweetPlatform.Simulator;

/// <summary>
/// Posts <see cref="ConferenceChatter"/> through the gateway's IFTTT webhook at a steady random rate with
/// periodic bursts for one conference (enough to raise an alert), while simulated viewers like (and now
/// and then unlike) recent tweets, the newest and already popular ones most. Everything goes through the
/// public HTTP API, as real callers would.
/// </summary>
public sealed class Simulation(SimulatorOptions options, HttpClient http, TimeProvider time, Action<string> log)
{
    private const int RecentCapacity = 200;
    private readonly Random _random = options.Seed is { } seed ? new Random(seed) : new Random();
    private readonly List<string> _recent = [];
    private readonly HashSet<(int Viewer, string TweetId)> _liked = [];
    private readonly Lock _gate = new();
    private long _tweetsAccepted;
    private long _likesSent;
    private long _refused;

    public long TweetsAccepted => Interlocked.Read(ref _tweetsAccepted);
    public long LikesSent => Interlocked.Read(ref _likesSent);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var chatter = new ConferenceChatter(options.Conferences, _random);
        log($"Simulating {options.TweetsPerSecond}/s tweets for {string.Join(", ", options.Conferences)}"
            + (options.BurstEvery > TimeSpan.Zero ? $", bursts of {options.BurstSize} every {options.BurstEvery.TotalSeconds:F0} s" : "")
            + $", {options.Viewers} viewers liking {options.LikesPerSecond}/s, via {options.GatewayUrl}");
        try
        {
            await Task.WhenAll(TweetAsync(chatter, cancellationToken), BurstAsync(chatter, cancellationToken),
                LikeAsync(cancellationToken), ReportAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task TweetAsync(ConferenceChatter chatter, CancellationToken cancellationToken)
    {
        if (options.TweetsPerSecond <= 0)
        {
            return;
        }
        while (true)
        {
            await Task.Delay(ExponentialDelay(options.TweetsPerSecond), time, cancellationToken);
            await PostTweetAsync(chatter.NextWebhook(time.GetUtcNow()), cancellationToken);
        }
    }

    private async Task BurstAsync(ConferenceChatter chatter, CancellationToken cancellationToken)
    {
        if (options.BurstEvery <= TimeSpan.Zero || options.BurstSize <= 0)
        {
            return;
        }
        while (true)
        {
            await Task.Delay(options.BurstEvery, time, cancellationToken);
            var conference = options.Conferences[_random.Next(options.Conferences.Count)];
            log($"Burst: {options.BurstSize} tweets for #{conference}");
            for (var i = 0; i < options.BurstSize; i++)
            {
                await PostTweetAsync(chatter.NextWebhook(time.GetUtcNow(), conference), cancellationToken);
                await Task.Delay(TimeSpan.FromMilliseconds(5_000.0 / options.BurstSize), time, cancellationToken);
            }
        }
    }

    private async Task LikeAsync(CancellationToken cancellationToken)
    {
        if (options.LikesPerSecond <= 0 || options.Viewers <= 0)
        {
            return;
        }
        while (true)
        {
            await Task.Delay(ExponentialDelay(options.LikesPerSecond), time, cancellationToken);
            if (PickLike() is not { } like)
            {
                continue;
            }
            using var request = new HttpRequestMessage(like.Unlike ? HttpMethod.Delete : HttpMethod.Post,
                new Uri(options.GatewayUrl, $"/api/tweets/{Uri.EscapeDataString(like.TweetId)}/likes"));
            request.Headers.Add("X-Viewer-Id", $"sim-viewer-{like.Viewer:D4}");
            if (await SendAsync(request, cancellationToken) is { IsSuccessStatusCode: true })
            {
                Interlocked.Increment(ref _likesSent);
            }
        }
    }

    private async Task PostTweetAsync(JsonObject webhook, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(options.GatewayUrl, "/api/webhooks/ifttt"))
        {
            Content = JsonContent.Create(webhook),
        };
        request.Headers.Add("X-Webhook-Secret", options.WebhookSecret);
        using var response = await SendAsync(request, cancellationToken);
        if (response is { StatusCode: HttpStatusCode.Accepted }
            && await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken) is { } body && body["id"]?.GetValue<string>() is { } id)
        {
            Interlocked.Increment(ref _tweetsAccepted);
            lock (_gate)
            {
                _recent.Add(id);
                if (_recent.Count > RecentCapacity)
                {
                    _recent.RemoveAt(0);
                }
            }
        }
    }

    /// <summary>A viewer and a recent tweet (newer ones far likelier); an unlike when that viewer likes it already, now and then.</summary>
    private (int Viewer, string TweetId, bool Unlike)? PickLike()
    {
        lock (_gate)
        {
            if (_recent.Count == 0)
            {
                return null;
            }
            var u = _random.NextDouble();
            var tweetId = _recent[_recent.Count - 1 - (int)(_recent.Count * u * u * u)];
            var viewer = _random.Next(options.Viewers);
            var unlike = _liked.Contains((viewer, tweetId)) && _random.NextDouble() < 0.3;
            if (unlike)
            {
                _liked.Remove((viewer, tweetId));
            }
            else
            {
                _liked.Add((viewer, tweetId));
            }
            if (_liked.Count > 50_000)
            {
                _liked.Clear(); // a long run: forgetting only makes a later like a harmless repeat
            }
            return (viewer, tweetId, unlike);
        }
    }

    /// <summary>Sends; a refused or failed request is counted and, when the server asks, waited out.</summary>
    private async Task<HttpResponseMessage?> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            var response = await http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref _refused);
                if (response.Headers.RetryAfter?.Delta is { } retryAfter)
                {
                    await Task.Delay(retryAfter, time, cancellationToken);
                }
            }
            return response;
        }
        catch (HttpRequestException)
        {
            Interlocked.Increment(ref _refused);
            await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken); // the gateway is not up (yet)
            return null;
        }
    }

    private async Task ReportAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await Task.Delay(TimeSpan.FromSeconds(30), time, cancellationToken);
            log($"Simulated so far: {TweetsAccepted} tweets accepted, {LikesSent} likes/unlikes, {Interlocked.Read(ref _refused)} refused or failed");
        }
    }

    // Poisson arrivals: exponentially distributed gaps with the given mean rate.
    private TimeSpan ExponentialDelay(double perSecond) =>
        TimeSpan.FromSeconds(Math.Min(10, -Math.Log(1 - _random.NextDouble()) / perSecond));
}
