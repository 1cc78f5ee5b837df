using System.Text.Json;

using TweetPlatform.PushGateway.Sse;

namespace TweetPlatform.PushGateway.Feed;

/// <summary>
/// The current picture a new connection starts from: the latest tweets (newest first) with their like
/// counts, the latest findings per conference and the most recent alerts. Built from the same records,
/// in the same order, as the live stream, so a snapshot plus the frames after it is gap-free. Holds the
/// events' JSON as sent, so a snapshot is written without serialising them again. Not thread-safe:
/// <see cref="LiveFeed"/> holds its lock around every call.
/// </summary>
public sealed class SnapshotState(PushGatewayOptions options)
{
    // Newest by record time, not by reading order: a restarted instance reads partitions in chunks, and the
    // newest tweets overall must be the ones kept. Equal times keep the order of reading.
    private readonly SortedSet<(DateTimeOffset CreatedAt, long Sequence, Entry Entry)> _tweets =
        new(Comparer<(DateTimeOffset CreatedAt, long Sequence, Entry Entry)>.Create((x, y) => (x.CreatedAt, x.Sequence).CompareTo((y.CreatedAt, y.Sequence))));
    private long _tweetSequence;
    private readonly Dictionary<string, SortedList<DateTimeOffset, Entry>> _tweetCounts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Entry> _trending = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Entry> _topLiked = new(StringComparer.Ordinal);
    private readonly Queue<Entry> _alerts = new();
    private readonly Dictionary<string, Entry> _queryResults = new(StringComparer.Ordinal);

    /// <summary>Tweets seen recently (re-sent ones are not broadcast again) and their conference, for filtering likes.</summary>
    public RecentMap<string?> TweetConferences { get; } = new(options.RecentTweetIdCapacity);

    public LatestLikeCounts LikeCounts { get; } = new(options.RecentTweetIdCapacity);

    /// <summary>Changes with every write: a written snapshot can be reused until it changes.</summary>
    public long Version { get; private set; }

    public void AddTweet(string tweetId, string? conference, byte[] json, DateTimeOffset createdAt)
    {
        Version++;
        _tweets.Add((createdAt, _tweetSequence++, new Entry(conference, json, tweetId)));
        while (_tweets.Count > options.SnapshotTweets)
        {
            _tweets.Remove(_tweets.Min);
        }
    }

    public void LikeCountChanged() => Version++;

    public void SetTweetCounts(string conference, DateTimeOffset windowStart, byte[] json)
    {
        Version++;
        if (!_tweetCounts.TryGetValue(conference, out var windows))
        {
            _tweetCounts[conference] = windows = [];
            Bound(_tweetCounts);
        }
        windows[windowStart] = new Entry(conference, json);
        while (windows.Count > options.SnapshotWindows)
        {
            windows.RemoveAt(0);
        }
    }

    public void SetTrending(string conference, byte[] json)
    {
        Version++;
        _trending[conference] = new Entry(conference, json);
        Bound(_trending);
    }

    public void SetTopLiked(string conference, byte[] json)
    {
        Version++;
        _topLiked[conference] = new Entry(conference, json);
        Bound(_topLiked);
    }

    public void AddAlert(string conference, byte[] json)
    {
        Version++;
        _alerts.Enqueue(new Entry(conference, json));
        while (_alerts.Count > options.SnapshotAlerts)
        {
            _alerts.Dequeue();
        }
    }

    /// <summary>A live query's whole current result; a deleted query's leaves the snapshot.</summary>
    public void SetQueryResult(string queryId, byte[] json, bool deleted)
    {
        Version++;
        if (deleted)
        {
            _queryResults.Remove(queryId);
            return;
        }
        _queryResults[queryId] = new Entry(null, json);
        Bound(_queryResults);
    }

    /// <summary>The snapshot as JSON, limited to the conferences of <paramref name="filter"/> and the live queries of <paramref name="queries"/>.</summary>
    public byte[] Write(ConferenceFilter filter, QueryFilter? queries = null)
    {
        queries ??= QueryFilter.None;
        var shown = queries.OnlyQueries ? ConferenceFilter.None : filter;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            var tweets = _tweets.Reverse().Select(t => t.Entry).Where(t => shown.Includes(t.Conference)).ToList();
            WriteRaw(json, "tweets", tweets);
            json.WriteStartArray("likes");
            foreach (var tweet in tweets)
            {
                if (LikeCounts.CountOf(tweet.TweetId!) is { } count)
                {
                    json.WriteStartObject();
                    json.WriteString("tweetId", tweet.TweetId);
                    json.WriteNumber("count", count);
                    json.WriteEndObject();
                }
            }
            json.WriteEndArray();
            WriteRaw(json, "tweetCounts", _tweetCounts.Values.SelectMany(w => w.Values).Where(e => shown.Includes(e.Conference)));
            WriteRaw(json, "trendingHashtags", _trending.Values.Where(e => shown.Includes(e.Conference)));
            WriteRaw(json, "topLiked", _topLiked.Values.Where(e => shown.Includes(e.Conference)));
            WriteRaw(json, "alerts", _alerts.Where(e => shown.Includes(e.Conference)));
            WriteRaw(json, "queryResults", queries.Ids.Order(StringComparer.Ordinal)
                .Select(id => _queryResults.GetValueOrDefault(id)).OfType<Entry>());
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static void WriteRaw(Utf8JsonWriter json, string name, IEnumerable<Entry> entries)
    {
        json.WriteStartArray(name);
        foreach (var entry in entries)
        {
            // Our own serializer's output, checked against its contract when it was read.
            json.WriteRawValue(entry.Json, skipInputValidation: true);
        }
        json.WriteEndArray();
    }

    // Findings are per conference; a flood of conference names must not grow the state without bound.
    private void Bound<TValue>(Dictionary<string, TValue> perConference)
    {
        if (perConference.Count > options.SnapshotConferences)
        {
            perConference.Remove(perConference.Keys.First());
        }
    }

    private sealed record Entry(string? Conference, byte[] Json, string? TweetId = null);
}
