using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TweetPlatform.Contracts;
using TweetPlatform.Contracts.Events;
using TweetPlatform.PushGateway;
using TweetPlatform.PushGateway.Consuming;
using TweetPlatform.PushGateway.Feed;
using TweetPlatform.PushGateway.Projection;
using TweetPlatform.PushGateway.Sse;

namespace TweetPlatform.UnitTests.PushGateway;

/// <summary>
/// Snapshot then live, and resume from a Last-Event-ID on the same or another instance: exactly the
/// frames after it, or a reset and a snapshot when that is impossible.
/// </summary>
public sealed class LiveFeedTests : IDisposable
{
    private const int TweetsP0 = 0; // FeedPosition keys: tweets partition 0 and 1, likes partition 0
    private const int TweetsP1 = 1;
    private static readonly int LikesP0 = FeedPosition.Key(1, 0);
    private readonly TestMeterFactory _meters = new();

    public void Dispose() => _meters.Dispose();

    private sealed record Instance(LiveFeed Stream, SseBroadcaster Broadcaster);

    private Instance NewInstance(int resumeFrames = 100, int snapshotTweets = 100, long begin = 0) // begin: where the tweets partitions start
    {
        var options = Options.Create(new PushGatewayOptions { ResumeFrames = resumeFrames, SnapshotTweets = snapshotTweets, ClientQueueCapacity = 1_000 });
        var broadcaster = new SseBroadcaster(NullLogger<SseBroadcaster>.Instance, _meters, options);
        var stream = new LiveFeed(broadcaster, options);
        foreach (var key in new[] { TweetsP0, TweetsP1, LikesP0 })
        {
            stream.Begin(key, key == LikesP0 ? 0 : begin);
        }
        return new Instance(stream, broadcaster);
    }

    private static void Tweet(Instance instance, int key, long offset, string conference = "dotnetconf", DateTimeOffset? createdAt = null)
    {
        Append(instance, key, offset, conference, createdAt);
        instance.Stream.Publish();
    }

    /// <summary>A tweet applied to the feed, not yet published.</summary>
    private static void Append(Instance instance, int key, long offset, string conference = "dotnetconf", DateTimeOffset? createdAt = null)
    {
        var id = $"t{key}-{offset}";
        var json = Encoding.UTF8.GetBytes($"{{\"tweetId\":\"{id}\",\"conference\":\"{conference}\"}}");
        instance.Stream.Append(key, offset, createdAt ?? DateTimeOffset.UnixEpoch, default, snapshot =>
        {
            snapshot.TweetConferences.Set(id, conference);
            snapshot.AddTweet(id, conference, json, createdAt ?? DateTimeOffset.UnixEpoch);
            return new PendingFrame("tweet", json, conference);
        });
    }

    private static SseClient Connect(Instance instance, string? filter = null)
    {
        Assert.Equal(ConnectResult.Accepted, instance.Broadcaster.TryConnect("10.0.0.1",
            filter is null ? ConferenceFilter.All : ConferenceFilter.Parse([filter], out _), out var client));
        return client!;
    }

    private static List<SseFrame> Drain(SseClient client)
    {
        var frames = new List<SseFrame>();
        while (client.Frames.TryRead(out var frame))
        {
            frames.Add(frame);
        }
        return frames;
    }

    private static string TweetIdOf(SseFrame frame) =>
        JsonDocument.Parse(Encoding.UTF8.GetString(frame.Bytes).Split("data: ")[1]).RootElement.GetProperty("tweetId").GetString()!;

    private static List<string> SnapshotTweetIds(SseFrame snapshot) =>
        JsonDocument.Parse(Encoding.UTF8.GetString(snapshot.Bytes).Split("data: ")[1]).RootElement.GetProperty("tweets")
            .EnumerateArray().Select(t => t.GetProperty("tweetId").GetString()!).ToList();

    [Fact]
    public void A_new_client_gets_a_snapshot_of_everything_so_far_then_exactly_the_later_events()
    {
        var instance = NewInstance();
        Tweet(instance, TweetsP0, 0);
        Tweet(instance, TweetsP1, 0);
        var client = Connect(instance);

        var initial = instance.Stream.TryAttach(client, lastEventId: null, giveUpWaiting: false)!;
        Tweet(instance, TweetsP0, 1);

        var snapshot = Assert.Single(initial);
        Assert.Equal(LiveFeed.SnapshotEventType, snapshot.EventType);
        Assert.Equal(["t1-0", "t0-0"], SnapshotTweetIds(snapshot)); // newest first
        Assert.Equal(["t0-1"], Drain(client).Select(TweetIdOf));
    }

    [Fact]
    public void Appended_frames_go_out_together_at_publish_and_a_client_attaching_before_it_gets_them_once_in_its_snapshot()
    {
        var instance = NewInstance();
        var early = Connect(instance);
        instance.Stream.TryAttach(early, null, false);
        Append(instance, TweetsP0, 0);
        Append(instance, TweetsP1, 0);
        Assert.Empty(Drain(early));

        var late = Connect(instance);
        var initial = instance.Stream.TryAttach(late, null, false)!;
        Append(instance, TweetsP0, 1);
        instance.Stream.Publish();

        Assert.Equal(["t0-0", "t1-0", "t0-1"], Drain(early).Select(TweetIdOf));
        Assert.Equal(["t1-0", "t0-0"], SnapshotTweetIds(Assert.Single(initial)));
        Assert.Equal(["t0-1"], Drain(late).Select(TweetIdOf));
    }

    [Fact]
    public void A_client_resuming_on_the_same_instance_gets_exactly_what_it_missed()
    {
        var instance = NewInstance();
        Tweet(instance, TweetsP0, 0);
        var first = Connect(instance);
        instance.Stream.TryAttach(first, null, false);
        Tweet(instance, TweetsP0, 1);
        Tweet(instance, TweetsP1, 0);
        var lastSeen = Drain(first)[0]; // it saw t0-1, then lost the connection
        instance.Broadcaster.Disconnect(first);
        Tweet(instance, TweetsP0, 2);

        var resumed = Connect(instance);
        var missed = instance.Stream.TryAttach(resumed, lastSeen.Id, false)!;
        Tweet(instance, TweetsP1, 1);

        Assert.Equal(["t1-0", "t0-2"], missed.Select(TweetIdOf));
        Assert.Equal(["t1-1"], Drain(resumed).Select(TweetIdOf));
    }

    [Fact]
    public void A_filtered_client_resuming_on_an_instance_that_read_a_like_count_before_its_tweet_gets_the_count()
    {
        var one = NewInstance();
        var two = NewInstance();
        var likes = IntegrationEvents.LikeCountChanged.Serialize(new LikeCountChanged
        {
            TweetId = "t0-0", Count = 2, LikesPartition = 0, LikesOffset = 1, ChangedAt = DateTimeOffset.UnixEpoch,
        });
        // Instance one reads the tweet first; instance two reads its like count first.
        Tweet(one, TweetsP0, 0);
        two.Stream.Append(LikesP0, 0, DateTimeOffset.UnixEpoch, default, RecordProjection.Project(Topics.LikeCounts, likes, DateTimeOffset.UnixEpoch));
        two.Stream.Publish();
        Tweet(two, TweetsP0, 0);

        // A client filtered by the tweet's conference saw the tweet on instance one, then instance one went away.
        var client = Connect(one, "dotnetconf");
        var snapshot = one.Stream.TryAttach(client, null, false)![0];
        Assert.Equal(["t0-0"], SnapshotTweetIds(snapshot));

        var resumed = Connect(two, "dotnetconf");
        var missed = two.Stream.TryAttach(resumed, snapshot.Id, false)!;

        var count = Assert.Single(missed);
        Assert.Equal(RecordProjection.LikesEventType, count.EventType);
        Assert.Contains("\"count\":2", Encoding.UTF8.GetString(count.Bytes), StringComparison.Ordinal);
    }

    [Fact]
    public void A_client_moved_to_an_instance_that_read_the_partitions_in_another_order_misses_nothing_and_gets_nothing_twice()
    {
        var one = NewInstance();
        var two = NewInstance();
        // Instance one reads p0 ahead of p1; instance two the other way round.
        foreach (var (key, offset) in new[] { (TweetsP0, 0L), (TweetsP0, 1L), (TweetsP0, 2L), (TweetsP1, 0L) })
        {
            Tweet(one, key, offset);
        }
        foreach (var (key, offset) in new[] { (TweetsP1, 0L), (TweetsP1, 1L), (TweetsP1, 2L), (TweetsP0, 0L) })
        {
            Tweet(two, key, offset);
        }
        var client = Connect(one);
        var received = new List<string>(SnapshotTweetIds(one.Stream.TryAttach(client, null, false)![0]));

        // Moved to instance two, which is behind in p0: it waits for it to catch up.
        var moved = Connect(two);
        Assert.Null(two.Stream.TryAttach(moved, Drain(client).LastOrDefault()?.Id ?? one.Stream.TryAttach(Connect(one), null, false)![0].Id, false));
        var waiting = two.Stream.WaitForProgressAsync(CancellationToken.None);
        Tweet(two, TweetsP0, 1);
        Tweet(two, TweetsP0, 2);
        Assert.True(waiting.IsCompleted);
        var snapshotId = one.Stream.TryAttach(Connect(one), null, false)![0].Id;
        var caughtUp = two.Stream.TryAttach(moved, snapshotId, false)!;
        received.AddRange(caughtUp.Select(TweetIdOf));
        Tweet(two, TweetsP1, 3);
        received.AddRange(Drain(moved).Select(TweetIdOf));

        Assert.Equal(["t0-0", "t0-1", "t0-2", "t1-0", "t1-1", "t1-2", "t1-3"], received.Order(StringComparer.Ordinal));
        Assert.Equal(received.Count, received.Distinct().Count());
        // The catch-up ids never move the client back in p0, which it had read further on instance one.
        Assert.All(caughtUp, frame =>
        {
            Assert.True(FeedPosition.TryParse(frame.Id, out var id));
            Assert.Equal(3, id[TweetsP0]);
        });
    }

    [Fact]
    public void A_position_no_longer_held_gets_a_reset_and_a_snapshot()
    {
        var instance = NewInstance(resumeFrames: 2);
        Tweet(instance, TweetsP0, 0);
        var client = Connect(instance);
        var snapshotId = instance.Stream.TryAttach(client, null, false)![0].Id;
        for (var offset = 1; offset <= 3; offset++)
        {
            Tweet(instance, TweetsP0, offset); // t0-1 falls out of the two held frames
        }

        var initial = instance.Stream.TryAttach(Connect(instance), snapshotId, false)!;

        Assert.Equal([LiveFeed.ResetEventType, LiveFeed.SnapshotEventType], initial.Select(f => f.EventType));
        Assert.Equal(["t0-3", "t0-2", "t0-1", "t0-0"], SnapshotTweetIds(initial[1]));
        Assert.Contains("no longer retained", Encoding.UTF8.GetString(initial[0].Bytes));
    }

    [Fact]
    public void A_restarted_instance_that_replayed_partition_after_partition_resumes_a_client_of_a_long_running_one_exactly()
    {
        // The long-running instance read p0 and p1 as their records were made, alternately; it holds 4 frames.
        static DateTimeOffset At(int key, int offset) => DateTimeOffset.UnixEpoch.AddSeconds(2 * offset + key);
        var running = NewInstance(resumeFrames: 4);
        var client = Connect(running);
        running.Stream.TryAttach(client, null, false);
        for (var offset = 0; offset < 6; offset++)
        {
            Tweet(running, TweetsP0, offset, createdAt: At(TweetsP0, offset));
            Tweet(running, TweetsP1, offset, createdAt: At(TweetsP1, offset));
        }
        var seen = Drain(client); // it saw up to t1-4, then the instance died
        var lastSeen = seen[^3];
        var tooOld = seen[6]; // t0-3: t1-3 after it is older than what either instance holds

        // Restarted: it replays the last 4 records of each partition, the whole of p0 before p1 (as fetching goes).
        var restarted = NewInstance(resumeFrames: 4, begin: 2);
        foreach (var key in new[] { TweetsP0, TweetsP1 })
        {
            for (var offset = 2; offset < 6; offset++)
            {
                Tweet(restarted, key, offset, createdAt: At(key, offset));
            }
        }
        restarted.Stream.EndReplay();

        Assert.Equal(["t0-5", "t1-5"], restarted.Stream.TryAttach(Connect(restarted), lastSeen.Id, false)!.Select(TweetIdOf));
        Assert.Equal(LiveFeed.ResetEventType, restarted.Stream.TryAttach(Connect(restarted), tooOld.Id, false)![0].EventType);
        Assert.Equal(LiveFeed.ResetEventType, running.Stream.TryAttach(Connect(running), tooOld.Id, false)![0].EventType);
    }

    [Fact]
    public void A_snapshot_after_a_replay_read_partition_after_partition_holds_the_newest_tweets_by_record_time()
    {
        var instance = NewInstance(snapshotTweets: 2);
        // p1's tweets are the newer ones, but p0 is read last (as fetching may go).
        foreach (var key in new[] { TweetsP1, TweetsP0 })
        {
            for (var offset = 0; offset < 3; offset++)
            {
                Tweet(instance, key, offset, createdAt: DateTimeOffset.UnixEpoch.AddSeconds(2 * offset + key));
            }
        }

        var snapshot = instance.Stream.TryAttach(Connect(instance), null, false)![0];

        Assert.Equal(["t1-2", "t0-2"], SnapshotTweetIds(snapshot));
    }

    [Theory]
    [InlineData("tw.0.12")]
    [InlineData("1.not-base64!")]
    public void An_id_this_stream_did_not_make_gets_a_reset_and_a_snapshot(string lastEventId)
    {
        var instance = NewInstance();
        Tweet(instance, TweetsP0, 0);

        var initial = instance.Stream.TryAttach(Connect(instance), lastEventId, false)!;

        Assert.Equal([LiveFeed.ResetEventType, LiveFeed.SnapshotEventType], initial.Select(f => f.EventType));
    }

    [Fact]
    public void An_id_ahead_of_this_instance_gets_a_reset_once_waiting_is_given_up()
    {
        var ahead = new FeedPosition();
        ahead.Advance(TweetsP0, 50);
        var instance = NewInstance();

        Assert.Null(instance.Stream.TryAttach(Connect(instance), ahead.Encode(), giveUpWaiting: false));
        var initial = instance.Stream.TryAttach(Connect(instance), ahead.Encode(), giveUpWaiting: true)!;

        Assert.Equal(LiveFeed.ResetEventType, initial[0].EventType);
    }

    [Fact]
    public void A_filtered_client_gets_only_its_conferences_in_the_snapshot_the_catch_up_and_live()
    {
        var instance = NewInstance();
        Tweet(instance, TweetsP0, 0, "javaone");
        Tweet(instance, TweetsP0, 1, "dotnetconf");
        var client = Connect(instance, "dotnetconf");
        var snapshot = instance.Stream.TryAttach(client, null, false)![0];
        Tweet(instance, TweetsP0, 2, "javaone");
        Tweet(instance, TweetsP1, 0, "dotnetconf");
        var live = Drain(client);
        var resumed = instance.Stream.TryAttach(Connect(instance, "dotnetconf"), snapshot.Id, false)!;

        Assert.Equal(["t0-1"], SnapshotTweetIds(snapshot));
        Assert.Equal(["t1-0"], live.Select(TweetIdOf));
        Assert.Equal(["t1-0"], resumed.Select(TweetIdOf));
    }

    [Fact]
    public void Clients_with_the_same_filter_share_one_snapshot_until_the_stream_moves_on()
    {
        var instance = NewInstance();
        Tweet(instance, TweetsP0, 0, conference: "javaone");
        Tweet(instance, TweetsP0, 1, conference: "qcon");

        var first = instance.Stream.TryAttach(Connect(instance, "javaone,qcon"), null, giveUpWaiting: false)!.Single();
        var sameConferences = instance.Stream.TryAttach(Connect(instance, "QCon,javaone"), null, giveUpWaiting: false)!.Single();
        var other = instance.Stream.TryAttach(Connect(instance, "qcon"), null, giveUpWaiting: false)!.Single();
        Assert.Same(first, sameConferences); // written once for a reconnect storm
        Assert.Equal(["t0-1", "t0-0"], SnapshotTweetIds(first));
        Assert.Equal(["t0-1"], SnapshotTweetIds(other));

        Tweet(instance, TweetsP0, 2, conference: "javaone");
        var later = instance.Stream.TryAttach(Connect(instance, "javaone,qcon"), null, giveUpWaiting: false)!.Single();
        Assert.Equal(["t0-2", "t0-1", "t0-0"], SnapshotTweetIds(later));
        Assert.NotEqual(first.Id, later.Id);
    }

    [Fact]
    public void The_snapshot_keeps_the_newest_tweets_and_the_like_counts_of_those_tweets()
    {
        var instance = NewInstance(snapshotTweets: 2);
        for (var offset = 0; offset < 3; offset++)
        {
            Tweet(instance, TweetsP0, offset);
        }
        instance.Stream.Append(LikesP0, 0, DateTimeOffset.UnixEpoch, default, snapshot =>
        {
            snapshot.LikeCounts.TryAdvance("t0-2", 7, 4);
            snapshot.LikeCounts.TryAdvance("t0-0", 8, 9); // no longer in the snapshot
            snapshot.LikeCountChanged();
            return null;
        });

        var snapshot = instance.Stream.TryAttach(Connect(instance), null, false)![0];

        var data = JsonDocument.Parse(Encoding.UTF8.GetString(snapshot.Bytes).Split("data: ")[1]).RootElement;
        Assert.Equal(["t0-2", "t0-1"], SnapshotTweetIds(snapshot));
        var like = Assert.Single(data.GetProperty("likes").EnumerateArray());
        Assert.Equal(("t0-2", 4), (like.GetProperty("tweetId").GetString(), like.GetProperty("count").GetInt32()));
    }
}
