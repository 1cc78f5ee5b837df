using System.Net;

namespace TweetPlatform.IntegrationTests.Infrastructure;

/// <summary>
/// Many viewers liking and unliking many tweets concurrently, the way browsers would: each viewer's
/// actions on one tweet happen in order, everything else at once. A failed request (a crashed
/// service, 5xx) is retried until it succeeds, as the page's user would click again. The expected
/// count of a tweet is brute force: the viewers whose last action on it was a like.
/// </summary>
public sealed class LikeWorkload
{
    private readonly List<(string Viewer, string Tweet, bool[] Actions)> _plan = [];
    private int _completed;

    public LikeWorkload(IReadOnlyList<string> tweets, int viewers, int seed)
    {
        var random = new Random(seed);
        var run = Guid.NewGuid().ToString("N")[..8];
        for (var v = 0; v < viewers; v++)
        {
            var viewer = $"viewer-{run}-{v:D3}";
            foreach (var tweet in tweets)
            {
                // 1-4 actions: likes, repeats and unlikes mixed.
                var actions = Enumerable.Range(0, random.Next(1, 5)).Select(_ => random.Next(3) > 0).ToArray();
                _plan.Add((viewer, tweet, actions));
            }
        }
    }

    public int TotalRequests => _plan.Sum(p => p.Actions.Length);
    public int Completed => Volatile.Read(ref _completed);

    public IReadOnlyDictionary<string, int> ExpectedCounts =>
        _plan.GroupBy(p => p.Tweet).ToDictionary(g => g.Key, g => g.Count(p => p.Actions[^1]));

    public async Task RunAsync(Uri gateway, int concurrency, TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var gate = new SemaphoreSlim(concurrency);
        using var cts = new CancellationTokenSource(timeout);
        await Task.WhenAll(_plan.Select(async pair =>
        {
            await gate.WaitAsync(cts.Token);
            try
            {
                foreach (var like in pair.Actions)
                {
                    await SendUntilAcceptedAsync(http, gateway, pair.Tweet, pair.Viewer, like, cts.Token);
                    Interlocked.Increment(ref _completed);
                }
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    private static async Task SendUntilAcceptedAsync(HttpClient http, Uri gateway, string tweet, string viewer, bool like, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var request = TweetRequests.Likes(like ? HttpMethod.Post : HttpMethod.Delete, gateway, tweet, viewer);
            try
            {
                using var response = await http.SendAsync(request, cancellationToken);
                if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Accepted)
                {
                    return;
                }
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                Assert.True((int)response.StatusCode >= 500, $"Like request refused: {(int)response.StatusCode} {body}");
            }
            catch (HttpRequestException)
            {
                // The service is down for a moment: try again.
            }
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(1_000, 50 * attempt)), cancellationToken);
        }
    }
}
