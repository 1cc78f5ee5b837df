using System.Diagnostics;
using Microsoft.Extensions.Options;
using TweetPlatform.PushGateway.Sse;

namespace TweetPlatform.PushGateway.Feed;

/// <summary>
/// The one ordered stream this instance sends: every record read is applied to the snapshot, advances
/// the position and (when browsers need it) becomes a frame, all under one lock. A client attaches
/// under the same lock, so what it is sent first (a snapshot, or the frames after its Last-Event-ID)
/// and the live frames after it have no gap and no overlap.
/// </summary>
public sealed class LiveFeed(SseBroadcaster broadcaster, IOptions<PushGatewayOptions> options) : IFrameSource
{
    public const string SnapshotEventType = "snapshot";
    public const string ResetEventType = "reset";

    // Snapshots kept between two records, one per filter asked for (bounds memory against a flood of filters).
    private const int MaxCachedSnapshots = 256;

    private readonly Lock _gate = new();
    private readonly FeedPosition _live = new();
    private readonly RecentFrames _recent = new(options.Value.ResumeFrames);
    private readonly SnapshotState _snapshot = new(options.Value);
    private readonly List<SseFrame> _unpublished = [];
    private TaskCompletionSource _progressed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Dictionary<string, SseFrame> _snapshots = new(StringComparer.Ordinal);
    private (long Version, string Id) _snapshotsOf;
    private bool _waitedOn;

    /// <summary>Reading of a partition starts at <paramref name="offset"/> (called before any of its records).</summary>
    public void Begin(int key, long offset)
    {
        lock (_gate)
        {
            _live.Advance(key, offset);
            _recent.Begin(key, offset);
        }
    }

    /// <summary>
    /// Applies one record: <paramref name="change"/> updates the snapshot and returns the frame to send,
    /// or null when browsers need none (e.g. a repeat). Returns the (first) frame made. Frames go to clients
    /// at the next <see cref="Publish"/> (the consume loop's batch end), all of a batch at once, so a client's
    /// writer wakes once and writes them together rather than once per frame.
    /// </summary>
    public SseFrame? Append(int key, long offset, DateTimeOffset createdAt, ActivityContext parent, FeedChange change)
    {
        SseFrame? frame = null;
        lock (_gate)
        {
            var pending = change(_snapshot);
            _live.Advance(key, offset + 1);
            for (var next = pending; next is not null; next = next.Then)
            {
                var made = SseFrame.Create(next.EventType, _live.Encode(), next.Data, parent, new FrameOrigin(key, offset, next.Conference, createdAt, next.TweetId, next.QueryId));
                _recent.Add(made);
                _unpublished.Add(made);
                frame ??= made;
            }
            Progressed();
        }
        return frame;
    }

    /// <summary>Sends the frames appended since the last call to every attached client that wants them.</summary>
    public void Publish()
    {
        lock (_gate)
        {
            PublishAppended();
        }
    }

    // Under the lock, and before any client attaches: what a new client is sent first already holds these frames.
    private void PublishAppended()
    {
        if (_unpublished.Count > 0)
        {
            broadcaster.Publish(_unpublished);
            _unpublished.Clear();
        }
    }

    /// <summary>Moves a partition's position without a record (its end was reached past a gap in offsets).</summary>
    public void Skip(int key, long nextOffset)
    {
        lock (_gate)
        {
            _live.Advance(key, nextOffset);
            Progressed();
        }
    }

    /// <summary>The replayed history has been read (the instance is ready): see <see cref="RecentFrames.EndReplay"/>.</summary>
    public void EndReplay()
    {
        lock (_gate)
        {
            _recent.EndReplay();
        }
    }

    /// <summary>
    /// Starts delivering to <paramref name="client"/>: returns the frames to write before its queue, or
    /// null when its Last-Event-ID is ahead of this instance (wait for <see cref="WaitForProgressAsync"/> and retry).
    /// </summary>
    public IReadOnlyList<SseFrame>? TryAttach(SseClient client, string? lastEventId, bool giveUpWaiting)
    {
        lock (_gate)
        {
            _recent.EndReplay(); // a client can attach between the last replayed record and the consumer saying so
            PublishAppended(); // to the clients attached before: this one's first frames include them
            var initial = Initial(client, lastEventId, giveUpWaiting);
            if (initial is not null)
            {
                client.Activate(); // under the lock: the next frame published is its first live one
            }
            return initial;
        }
    }

    /// <summary>Completes when the stream has moved on (any record applied), or when cancelled.</summary>
    public Task WaitForProgressAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _waitedOn = true;
            return _progressed.Task.WaitAsync(cancellationToken);
        }
    }

    private List<SseFrame>? Initial(SseClient client, string? lastEventId, bool giveUpWaiting)
    {
        if (string.IsNullOrEmpty(lastEventId))
        {
            return [Snapshot(client)];
        }
        if (!FeedPosition.TryParse(lastEventId, out var from))
        {
            return Reset("The Last-Event-ID is not one this stream sent.", client);
        }
        if (from.Entries.Any(entry => entry.Value > _live[entry.Key]))
        {
            // From an instance that has read further: wait until this one has caught up.
            return giveUpWaiting ? Reset("This instance has not caught up with the Last-Event-ID.", client) : null;
        }
        if (!_recent.Covers(from, _live))
        {
            return Reset("Events after the Last-Event-ID are no longer retained.", client);
        }
        var frames = new List<SseFrame>();
        foreach (var frame in _recent.After(from).Where(f => client.Includes(f.Origin!.Value.QueryId, ConferenceOf(f.Origin!.Value))))
        {
            // Its id must not move the client back in a partition it has read further (from another instance).
            FeedPosition.TryParse(frame.Id, out var sent);
            var id = from.Max(sent).Encode();
            frames.Add(id == frame.Id ? frame : frame.WithId(id));
        }
        return frames;
    }

    // A like count read before its tweet went out live without a conference; its tweet followed with the count, so
    // live clients had both. A client resuming here may have had that tweet from another instance (before its
    // position), so the count must reach it by the conference known now.
    private string? ConferenceOf(FrameOrigin origin) =>
        origin.Conference ?? (origin.TweetId is { } tweetId && _snapshot.TweetConferences.TryGetValue(tweetId, out var conference) ? conference : null);

    private List<SseFrame> Reset(string reason, SseClient client)
    {
        var data = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new ResetNotice(reason), PushGatewayJsonContext.Default.ResetNotice);
        return [SseFrame.Create(ResetEventType, _live.Encode(), data), Snapshot(client)];
    }

    private SseFrame Snapshot(SseClient client)
    {
        var key = client.Filter.Key + "|" + client.Queries.Key;
        var id = _live.Encode();
        if (_snapshotsOf != (_snapshot.Version, id))
        {
            _snapshots.Clear();
            _snapshotsOf = (_snapshot.Version, id);
        }
        // Reconnect storms (an instance restarting, a network blip) ask for the same snapshot many times over,
        // and writing one can take long (it is as big as SnapshotTweets tweets), all under the stream's lock.
        if (!_snapshots.TryGetValue(key, out var frame))
        {
            frame = SseFrame.Create(SnapshotEventType, id, _snapshot.Write(client.Filter, client.Queries));
            if (_snapshots.Count < MaxCachedSnapshots)
            {
                _snapshots[key] = frame;
            }
        }
        return frame;
    }

    // A new task only when someone waited on the last one: no allocation per record otherwise.
    private void Progressed()
    {
        if (_waitedOn)
        {
            _progressed.TrySetResult();
            _progressed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waitedOn = false;
        }
    }
}
