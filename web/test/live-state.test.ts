// @vitest-environment happy-dom
// The page's state fed by a (fake) update stream: snapshot, live events, resume and reset.
import { describe, expect, it } from 'vitest';
import { createAlertsController } from '../src/alerts/alerts-view';
import { connect, type EventSourceLike } from '../src/live/connection';
import { createLikesController } from '../src/likes/like-controller';
import { likeViewOf } from '../src/likes/likes';
import { createLiveState } from '../src/live/live-state';
import type { ConnectionStatus } from '../src/tweets/tweet-list-view';
import { tweetsOf } from '../src/tweets/tweet-list';
import { at, payload } from './fixtures';

class FakeEventSource implements EventSourceLike {
  readyState = 0;
  private readonly listeners = new Map<string, ((event: Event) => void)[]>();
  constructor(readonly url: string) {}
  addEventListener(type: string, listener: (event: Event) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close(): void {
    this.readyState = 2;
  }
  emit(type: string, data: unknown, lastEventId: string): void {
    const event = Object.assign(new Event(type), { data: JSON.stringify(data), lastEventId });
    for (const l of this.listeners.get(type) ?? []) l(event);
  }
}

const alert = (minute: number, message = `alert ${minute}`) => ({
  version: 1,
  conference: 'javaone',
  windowStart: at(minute),
  windowEnd: at(minute + 1),
  count: 57,
  threshold: 50,
  message,
});

function page() {
  document.body.replaceChildren();
  const alertList = document.createElement('ul');
  document.body.append(alertList);
  const alerts = createAlertsController(alertList, { now: () => 0, setTimer: () => 0, clearTimer: () => {} });
  let tweetChanges = 0;
  const likes = createLikesController({
    viewerId: 'viewer-123456',
    // Like requests never answer in these tests: they stay in flight.
    fetch: () => new Promise(() => {}),
    initialLiked: ['liked-by-me'],
    keep: (id) => live.tweets.ids.has(id),
  });
  const live = createLiveState({ likes, alerts, onTweetsChange: () => tweetChanges++ });

  const sources: FakeEventSource[] = [];
  const statuses: ConnectionStatus[] = [];
  const timers: (() => void)[] = [];
  const connection = connect({
    url: '/api/updates?conference=javaone',
    createEventSource: (url) => {
      const es = new FakeEventSource(url);
      sources.push(es);
      return es;
    },
    setTimer: (cb) => timers.push(cb),
    clearTimer: () => {},
    onStatus: (s) => statuses.push(s),
    onTweet: (t) => live.addTweet(t),
    onLikes: (e) => live.applyLikes(e),
    onAlert: (a) => live.addAlert(a),
    onFinding: (f) => live.applyFinding(f),
    onSnapshot: (s) => live.applySnapshot(s),
  });
  const es = () => sources[sources.length - 1]!;
  const ids = () => tweetsOf(live.tweets).map((t) => t.tweetId);
  const shownAlerts = () => [...alertList.querySelectorAll('.alert-message')].map((n) => n.textContent);
  const count = (id: string) => likeViewOf(likes.state, id);
  const browserGivesUp = () => {
    es().readyState = 2;
    es().emit('error', undefined, '');
    timers.shift()!();
  };
  return { live, likes, alerts, connection, sources, statuses, es, ids, shownAlerts, count, browserGivesUp, tweetChanges: () => tweetChanges };
}

describe('live state fed by the stream', () => {
  it('a snapshot fills the page, live events follow', () => {
    const p = page();
    p.es().emit('open', undefined, '');
    p.es().emit(
      'snapshot',
      {
        tweets: [payload({ tweetId: 'b', createdAt: at(2) }), payload({ tweetId: 'a', createdAt: at(1) })],
        likes: [{ tweetId: 'a', count: 3 }],
        tweetCounts: [{ conference: 'javaone', windowStart: at(1), windowEnd: at(2), windowCount: 2, total: 2 }],
        trendingHashtags: [{ conference: '*', windowStart: at(0), windowEnd: at(5), top: [{ hashtag: 'kafka', count: 2 }] }],
        topLiked: [{ conference: 'javaone', top: [{ tweetId: 'a', likes: 3 }] }],
        alerts: [alert(1), alert(2)],
      },
      's.1',
    );
    expect(p.ids()).toEqual(['b', 'a']);
    expect(p.count('a').count).toBe(3);
    expect(p.shownAlerts()).toEqual(['alert 2', 'alert 1']);
    expect(p.live.findings.tweetCounts.get('javaone')?.total).toBe(2);
    expect(p.live.findings.trendingHashtags.get('*')?.top).toEqual([{ hashtag: 'kafka', count: 2 }]);
    expect(p.live.findings.topLiked.get('javaone')?.top).toEqual([{ tweetId: 'a', likes: 3 }]);

    p.es().emit('tweet', payload({ tweetId: 'c', createdAt: at(3) }), 'tw.0.1');
    p.es().emit('likes', { tweetId: 'c', count: 1 }, 'lc.0.1');
    p.es().emit('tweet-counts', { conference: 'javaone', windowStart: at(3), windowEnd: at(4), windowCount: 1, total: 3 }, 'tc.0.1');
    expect(p.ids()).toEqual(['c', 'b', 'a']);
    expect(p.count('c').count).toBe(1);
    expect(p.live.findings.tweetCounts.get('javaone')?.total).toBe(3);
    expect(p.statuses).toEqual(['connecting', 'live']);
  });

  it('a snapshot after a reset replaces tweets, counts and findings, keeps own likes, and shows no alert twice', () => {
    const p = page();
    p.es().emit('snapshot', {
      tweets: [payload({ tweetId: 'old', createdAt: at(1) }), payload({ tweetId: 'both', createdAt: at(0) })],
      likes: [{ tweetId: 'old', count: 5 }, { tweetId: 'both', count: 1 }, { tweetId: 'liked-by-me', count: 7 }],
      tweetCounts: [{ conference: 'devoxx', windowStart: at(1), windowEnd: at(2), windowCount: 9, total: 9 }],
      alerts: [alert(1), alert(2)],
    }, 's.1');
    p.es().emit('tweet', payload({ tweetId: 'live', createdAt: at(2) }), 'tw.0.5');
    p.es().emit('alert', alert(3), 'al.0.1');
    // The viewer dismisses "alert 2" and has a like in flight on "both".
    p.alerts.dismiss(p.alerts.state.entries.find((e) => e.alert.message === 'alert 2')!.key);
    void p.likes.toggle('both');
    expect(p.count('both')).toEqual({ liked: true, count: 2, busy: true });
    expect(p.shownAlerts()).toEqual(['alert 3', 'alert 1']);

    // The browser gives up; our own EventSource resumes after the last event, keeping the filter.
    p.browserGivesUp();
    expect(p.es().url).toBe('/api/updates?conference=javaone&lastEventId=al.0.1');
    p.es().emit('open', undefined, '');
    // The server cannot resume from there: reset, then a new snapshot.
    p.es().emit('reset', { reason: 'position no longer available' }, 'r.1');
    expect(p.connection.status).toBe('reset');
    const changes = p.tweetChanges();
    p.es().emit('snapshot', {
      tweets: [payload({ tweetId: 'new', createdAt: at(9) }), payload({ tweetId: 'both', createdAt: at(0) })],
      likes: [{ tweetId: 'new', count: 4 }],
      alerts: [alert(1, 'alert 1 again'), alert(2, 'alert 2 again'), alert(3, 'alert 3 again'), alert(4)],
    }, 's.2');

    expect(p.statuses.slice(-3)).toEqual(['live', 'reset', 'live']);
    expect(p.tweetChanges()).toBe(changes + 1);
    // Replaced, not merged: "old" and "live" are gone.
    expect(p.ids()).toEqual(['new', 'both']);
    expect(p.count('new').count).toBe(4);
    expect(p.count('old').count).toBe(0);
    // Own likes survive: the stored one (no count any more: 1) and the one in flight (optimistic count kept).
    expect(p.count('liked-by-me')).toEqual({ liked: true, count: 1, busy: false });
    expect(p.count('both')).toEqual({ liked: true, count: 2, busy: true });
    // Findings are the snapshot's: none.
    expect(p.live.findings.tweetCounts.size).toBe(0);
    // Only the alert never seen before pops up; the dismissed one stays away.
    expect(p.shownAlerts()).toEqual(['alert 4', 'alert 3', 'alert 1']);
    expect(p.connection.lastEventId).toBe('s.2');
  });

  it('a resumed connection (no snapshot) just continues', () => {
    const p = page();
    p.es().emit('snapshot', { tweets: [payload({ tweetId: 'a', createdAt: at(1) })] }, 's.1');
    p.browserGivesUp();
    expect(p.es().url).toBe('/api/updates?conference=javaone&lastEventId=s.1');
    p.es().emit('open', undefined, '');
    p.es().emit('tweet', payload({ tweetId: 'b', createdAt: at(2) }), 'tw.0.2');
    expect(p.ids()).toEqual(['b', 'a']);
    expect(p.statuses).toEqual(['connecting', 'live', 'reconnecting', 'live']);
  });
});
