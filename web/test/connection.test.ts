import { describe, expect, it, vi } from 'vitest';
import { connect, type EventSourceLike } from '../src/connection';
import type { ConnectionStatus } from '../src/render';
import type { Tweet } from '../src/tweet-list';

class FakeEventSource implements EventSourceLike {
  readyState = 0;
  closed = false;
  private readonly listeners = new Map<string, ((event: Event) => void)[]>();
  constructor(readonly url: string) {}
  addEventListener(type: string, listener: (event: Event) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  types(): string[] {
    return [...this.listeners.keys()];
  }
  close(): void {
    this.closed = true;
    this.readyState = 2;
  }
  emit(type: string, init: { data?: unknown; lastEventId?: string } = {}): void {
    const event = Object.assign(new Event(type), { data: init.data, lastEventId: init.lastEventId ?? '' });
    for (const l of this.listeners.get(type) ?? []) l(event);
  }
}

function harness() {
  const sources: FakeEventSource[] = [];
  const statuses: ConnectionStatus[] = [];
  const tweets: [Tweet, string][] = [];
  const timers: { cb: () => void; ms: number }[] = [];
  const conn = connect({
    url: '/api/updates',
    createEventSource: (url) => {
      const es = new FakeEventSource(url);
      sources.push(es);
      return es;
    },
    onStatus: (s) => statuses.push(s),
    onTweet: (t, id) => tweets.push([t, id]),
    setTimer: (cb, ms) => timers.push({ cb, ms }),
    clearTimer: () => {},
  });
  const last = () => sources[sources.length - 1]!;
  return { conn, sources, statuses, tweets, timers, last };
}

describe('connect', () => {
  it('opens /api/updates and goes connecting -> live -> reconnecting -> live', () => {
    const h = harness();
    expect(h.sources).toHaveLength(1);
    expect(h.last().url).toBe('/api/updates');
    expect(h.statuses).toEqual(['connecting']);
    h.last().readyState = 1;
    h.last().emit('open');
    expect(h.statuses).toEqual(['connecting', 'live']);
    h.last().readyState = 0; // the browser is retrying by itself
    h.last().emit('error');
    h.last().emit('error');
    expect(h.statuses).toEqual(['connecting', 'live', 'reconnecting']);
    expect(h.sources).toHaveLength(1); // no second EventSource while the browser retries
    h.last().emit('open');
    expect(h.statuses).toEqual(['connecting', 'live', 'reconnecting', 'live']);
    expect(h.conn.status).toBe('live');
  });

  it('delivers valid tweet events with their id, and ignores malformed ones without throwing', () => {
    const h = harness();
    const es = h.last();
    es.emit('tweet', { data: '{"tweetId":"18446744073709551615","text":"hi","author":"a"}', lastEventId: '7' });
    expect(() => es.emit('tweet', { data: 'not json' })).not.toThrow();
    expect(() => es.emit('tweet', { data: '{"tweetId":1,"text":"x","author":"a"}' })).not.toThrow();
    expect(() => es.emit('tweet', { data: '{"text":"x"}' })).not.toThrow();
    expect(() => es.emit('tweet', {})).not.toThrow();
    expect(h.tweets).toHaveLength(1);
    expect(h.tweets[0]![0].tweetId).toBe('18446744073709551615');
    expect(h.tweets[0]![1]).toBe('7');
  });

  it('delivers valid likes events and drops malformed ones', () => {
    const es = new FakeEventSource('/api/updates');
    const likes: unknown[] = [];
    connect({
      url: '/api/updates',
      createEventSource: () => es,
      onStatus: () => {},
      onTweet: () => {},
      onLikes: (e) => likes.push(e),
    });
    es.emit('likes', { data: '{"tweetId":"18446744073709551615","count":5}' });
    for (const data of ['nope', '{"tweetId":1,"count":5}', '{"tweetId":"1","count":-1}', '{"tweetId":"1","count":"5"}', undefined]) {
      expect(() => es.emit('likes', { data })).not.toThrow();
    }
    expect(likes).toEqual([{ tweetId: '18446744073709551615', count: 5 }]);
  });

  it('ignores likes events without a handler, and a throwing likes handler stays contained', () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const h = harness(); // no onLikes
    expect(() => h.last().emit('likes', { data: '{"tweetId":"1","count":1}' })).not.toThrow();
    const es = new FakeEventSource('/api/updates');
    connect({
      url: '/api/updates',
      createEventSource: () => es,
      onStatus: () => {},
      onTweet: () => {},
      onLikes: () => {
        throw new Error('boom');
      },
    });
    expect(() => es.emit('likes', { data: '{"tweetId":"1","count":1}' })).not.toThrow();
    expect(errors).toHaveBeenCalledOnce();
    errors.mockRestore();
  });

  it('delivers valid alert events and drops malformed ones', () => {
    const es = new FakeEventSource('/api/updates');
    const alerts: unknown[] = [];
    connect({
      url: '/api/updates',
      createEventSource: () => es,
      onStatus: () => {},
      onTweet: () => {},
      onAlert: (a) => alerts.push(a),
    });
    const ok = {
      version: 1,
      conference: 'javaone',
      windowStart: '2026-11-24T10:01:00+00:00',
      windowEnd: '2026-11-24T10:02:00+00:00',
      count: 57,
      threshold: 50,
      message: 'javaone: more than 50 tweets within a minute (57 from 10:01 UTC)',
    };
    es.emit('alert', { data: JSON.stringify(ok) });
    for (const data of ['nope', JSON.stringify({ ...ok, count: '57' }), JSON.stringify({ ...ok, conference: 1 }), undefined]) {
      expect(() => es.emit('alert', { data })).not.toThrow();
    }
    expect(alerts).toEqual([ok]);
  });

  it('ignores alert events without a handler, and a throwing alert handler stays contained', () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const data = '{"conference":"c","windowStart":"w","count":1,"threshold":0,"message":"m"}';
    const h = harness(); // no onAlert
    expect(() => h.last().emit('alert', { data })).not.toThrow();
    const es = new FakeEventSource('/api/updates');
    connect({
      url: '/api/updates',
      createEventSource: () => es,
      onStatus: () => {},
      onTweet: () => {},
      onAlert: () => {
        throw new Error('boom');
      },
    });
    expect(() => es.emit('alert', { data })).not.toThrow();
    expect(errors).toHaveBeenCalledOnce();
    errors.mockRestore();
  });

  it('listens to nothing else: tweet-counts, trending-hashtags and top-liked events are ignored', () => {
    const es = new FakeEventSource('/api/updates');
    const seen: unknown[] = [];
    connect({
      url: '/api/updates',
      createEventSource: () => es,
      onStatus: (s) => seen.push(s),
      onTweet: (t) => seen.push(t),
      onLikes: (l) => seen.push(l),
      onAlert: (a) => seen.push(a),
    });
    expect(es.types()).toEqual(['open', 'error', 'tweet', 'likes', 'alert']);
    for (const type of ['tweet-counts', 'trending-hashtags', 'top-liked']) {
      expect(() => es.emit(type, { data: '{"conference":"javaone","count":3}' })).not.toThrow();
      expect(() => es.emit(type, { data: 'garbage' })).not.toThrow();
    }
    expect(seen).toEqual(['connecting']);
  });

  it('ignores unnamed message events (the server names them "tweet")', () => {
    const h = harness();
    h.last().emit('message', { data: '{"tweetId":"1","text":"x","author":"a"}' });
    expect(h.tweets).toHaveLength(0);
  });

  it('does not let a throwing handler escape into the event loop', () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const es = new FakeEventSource('/api/updates');
    connect({
      url: '/api/updates',
      createEventSource: () => es,
      onStatus: () => {},
      onTweet: () => {
        throw new Error('boom');
      },
    });
    expect(() => es.emit('tweet', { data: '{"tweetId":"1","text":"x","author":"a"}' })).not.toThrow();
    expect(errors).toHaveBeenCalledOnce();
    errors.mockRestore();
  });

  it('re-creates the EventSource with backoff when the browser gave up (CLOSED)', () => {
    const h = harness();
    h.last().readyState = 2;
    h.last().emit('error');
    expect(h.statuses).toEqual(['connecting', 'reconnecting']);
    expect(h.sources[0]!.closed).toBe(true);
    expect(h.timers.map((t) => t.ms)).toEqual([1000]);
    h.timers[0]!.cb();
    expect(h.sources).toHaveLength(2);
    h.last().readyState = 2;
    h.last().emit('error');
    expect(h.timers.map((t) => t.ms)).toEqual([1000, 2000]);
    h.timers[1]!.cb();
    h.last().emit('open');
    expect(h.statuses).toEqual(['connecting', 'reconnecting', 'live']);
    // After a successful open the backoff starts over.
    h.last().readyState = 2;
    h.last().emit('error');
    expect(h.timers.map((t) => t.ms)).toEqual([1000, 2000, 1000]);
    // Events from an abandoned source are ignored.
    h.sources[0]!.emit('tweet', { data: '{"tweetId":"1","text":"x","author":"a"}' });
    expect(h.tweets).toHaveLength(0);
  });

  it('close() stops everything', () => {
    const h = harness();
    h.conn.close();
    expect(h.last().closed).toBe(true);
    h.last().emit('error');
    expect(h.timers).toHaveLength(0);
  });
});
