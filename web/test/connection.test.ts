import { describe, expect, it, vi } from 'vitest';
import {
  LAST_EVENT_ID_PARAM,
  MAX_EVENT_ID_LENGTH,
  connect,
  withLastEventId,
  type ConnectOptions,
  type EventSourceLike,
} from '../src/live/connection';
import type { Finding } from '../src/findings/findings';
import type { Snapshot } from '../src/live/snapshot';
import type { ConnectionStatus } from '../src/tweets/tweet-list-view';
import type { Tweet } from '../src/tweets/tweet-list';

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

  it('listens to every named event of the protocol, and drops unknown ones', () => {
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
    expect(es.types()).toEqual([
      'open',
      'error',
      'tweet',
      'likes',
      'alert',
      'tweet-counts',
      'trending-hashtags',
      'top-liked',
      'reset',
      'snapshot',
    ]);
    // Without onFinding the findings are ignored (their ids are still remembered).
    for (const type of ['tweet-counts', 'trending-hashtags', 'top-liked', 'something-new']) {
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

/** Like harness(), with any other options (url, handlers) and everything recorded. */
function protocolHarness(options: Partial<ConnectOptions> = {}) {
  const sources: FakeEventSource[] = [];
  const statuses: ConnectionStatus[] = [];
  const snapshots: Snapshot[] = [];
  const findings: Finding[] = [];
  const tweets: string[] = [];
  const timers: { cb: () => void; ms: number }[] = [];
  const conn = connect({
    url: '/api/updates',
    createEventSource: (url) => {
      const es = new FakeEventSource(url);
      sources.push(es);
      return es;
    },
    onStatus: (s) => statuses.push(s),
    onTweet: (t) => tweets.push(t.tweetId),
    onSnapshot: (s) => snapshots.push(s),
    onFinding: (f) => findings.push(f),
    setTimer: (cb, ms) => timers.push({ cb, ms }),
    clearTimer: () => {},
    ...options,
  });
  const last = () => sources[sources.length - 1]!;
  /** The browser gave up on the current source; our backoff timer fires and opens a new one. */
  const reopen = () => {
    last().readyState = 2;
    last().emit('error');
    timers[timers.length - 1]!.cb();
    return last();
  };
  return { conn, sources, statuses, snapshots, findings, tweets, timers, last, reopen };
}

const TWEET = '{"tweetId":"18446744073709551615","text":"hi","author":"a"}';

describe('snapshot, reset and resume', () => {
  it('delivers a validated snapshot and is live after it', () => {
    const h = protocolHarness();
    h.last().emit('open');
    h.last().emit('snapshot', {
      data: JSON.stringify({ tweets: [JSON.parse(TWEET), { tweetId: 5 }], likes: [{ tweetId: '18446744073709551615', count: 2 }] }),
      lastEventId: 's.1',
    });
    expect(h.snapshots).toHaveLength(1);
    expect(h.snapshots[0]!.tweets.map((t) => t.tweetId)).toEqual(['18446744073709551615']);
    expect(h.snapshots[0]!.likes).toEqual([{ tweetId: '18446744073709551615', count: 2 }]);
    expect(h.snapshots[0]!.alerts).toEqual([]);
    expect(h.statuses).toEqual(['connecting', 'live']);
    expect(h.conn.lastEventId).toBe('s.1');
  });

  it('drops a malformed snapshot without throwing, but remembers its id', () => {
    const h = protocolHarness();
    for (const data of ['not json', '[]', 'null', '42', undefined]) {
      expect(() => h.last().emit('snapshot', { data, lastEventId: 'bad' })).not.toThrow();
    }
    expect(h.snapshots).toEqual([]);
    expect(h.conn.lastEventId).toBe('bad');
  });

  it('contains a throwing status handler', () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const h = protocolHarness({
      onStatus: () => {
        throw new Error('boom');
      },
    });
    expect(() => h.last().emit('reset', { data: '{}' })).not.toThrow();
    expect(() => h.last().emit('snapshot', { data: '{}' })).not.toThrow();
    expect(h.snapshots).toHaveLength(1);
    expect(h.conn.status).toBe('live');
    errors.mockRestore();
  });

  it('contains a throwing snapshot handler and still goes live', () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const h = protocolHarness({
      onSnapshot: () => {
        throw new Error('boom');
      },
    });
    expect(() => h.last().emit('snapshot', { data: '{}' })).not.toThrow();
    expect(errors).toHaveBeenCalledOnce();
    expect(h.conn.status).toBe('live');
    errors.mockRestore();
  });

  it("shows 'reset' when the server cannot resume, then 'live' again on the snapshot", () => {
    const h = protocolHarness();
    h.last().emit('open');
    h.last().emit('tweet', { data: TWEET, lastEventId: 'tw.1.5' });
    h.last().emit('reset', { data: '{"reason":"position no longer available"}', lastEventId: 'r.1' });
    expect(h.statuses).toEqual(['connecting', 'live', 'reset']);
    expect(h.conn.status).toBe('reset');
    expect(h.conn.lastEventId).toBe('r.1');
    h.last().emit('snapshot', { data: '{"tweets":[]}', lastEventId: 's.2' });
    expect(h.statuses).toEqual(['connecting', 'live', 'reset', 'live']);
    expect(h.snapshots).toHaveLength(1);
    expect(h.conn.lastEventId).toBe('s.2');
    // A reset with garbage data is a reset all the same.
    expect(() => h.last().emit('reset', { data: 'garbage' })).not.toThrow();
    expect(h.conn.status).toBe('reset');
  });

  it('remembers the id of every event type, valid or not, and ignores empty or huge ids', () => {
    const h = protocolHarness();
    const es = h.last();
    const events: [string, string][] = [
      ['snapshot', '{}'],
      ['tweet', TWEET],
      ['likes', '{"tweetId":"1","count":1}'],
      ['alert', 'garbage'],
      ['tweet-counts', '{"conference":"javaone","windowStart":"w","windowCount":1,"total":2}'],
      ['trending-hashtags', 'garbage'],
      ['top-liked', '{"conference":"javaone","top":[]}'],
      ['reset', '{}'],
    ];
    for (const [type, data] of events) {
      es.emit(type, { data, lastEventId: `${type}.0.7` });
      expect(h.conn.lastEventId).toBe(`${type}.0.7`);
    }
    es.emit('tweet', { data: TWEET, lastEventId: '' });
    es.emit('tweet', { data: TWEET, lastEventId: 'x'.repeat(MAX_EVENT_ID_LENGTH + 1) });
    expect(h.conn.lastEventId).toBe('reset.0.7');
    expect(h.findings.map((f) => f.kind)).toEqual(['tweet-counts', 'top-liked']);
  });

  it('a self-opened EventSource resumes with ?lastEventId= (the browser-retried one needs no help)', () => {
    const h = protocolHarness();
    expect(h.last().url).toBe('/api/updates');
    // Closed before any event: nothing to resume from, so a fresh connection (and a snapshot).
    expect(h.reopen().url).toBe('/api/updates');
    h.last().emit('snapshot', { data: '{}', lastEventId: 'tw.3.41' });
    h.last().emit('likes', { data: '{"tweetId":"1","count":1}', lastEventId: 'lc.0.9' });
    // The browser retrying by itself sends Last-Event-ID: no new EventSource from us.
    h.last().readyState = 0;
    h.last().emit('error');
    expect(h.sources).toHaveLength(2);
    expect(h.reopen().url).toBe(`/api/updates?${LAST_EVENT_ID_PARAM}=lc.0.9`);
    h.last().emit('tweet', { data: TWEET, lastEventId: 'tw.3.42' });
    // Replaced, not appended a second time.
    expect(h.reopen().url).toBe('/api/updates?lastEventId=tw.3.42');
    // Events of an abandoned source do not move the position.
    h.sources[0]!.emit('tweet', { data: TWEET, lastEventId: 'old' });
    expect(h.conn.lastEventId).toBe('tw.3.42');
  });

  it('keeps the other query parameters and encodes the id', () => {
    const h = protocolHarness({ url: '/api/updates?conference=java%20one&x=1' });
    expect(h.last().url).toBe('/api/updates?conference=java%20one&x=1');
    h.last().emit('tweet', { data: TWEET, lastEventId: 'a b&c=d/é#?+' });
    expect(h.reopen().url).toBe('/api/updates?conference=java%20one&x=1&lastEventId=a%20b%26c%3Dd%2F%C3%A9%23%3F%2B');
    const url = new URL(h.last().url, 'http://localhost');
    expect(url.searchParams.get('lastEventId')).toBe('a b&c=d/é#?+');
    expect(url.searchParams.get('conference')).toBe('java one');
  });
});

describe('withLastEventId', () => {
  it.each([
    ['/api/updates', 'tw.1.2', '/api/updates?lastEventId=tw.1.2'],
    ['/api/updates?', 'tw.1.2', '/api/updates?lastEventId=tw.1.2'],
    ['/api/updates?conference=javaone', 'tw.1.2', '/api/updates?conference=javaone&lastEventId=tw.1.2'],
    ['/api/updates?lastEventId=old&conference=c', 'new', '/api/updates?conference=c&lastEventId=new'],
    ['/api/updates?last%45ventId=old&a=1&', 'n', '/api/updates?a=1&lastEventId=n'],
    ['/api/updates?lastEventIdX=keep', 'n', '/api/updates?lastEventIdX=keep&lastEventId=n'],
    ['/api/updates?bad=%E0%A4%A', 'n', '/api/updates?bad=%E0%A4%A&lastEventId=n'],
    ['https://example.com/api/updates?c=1#frag', 'x y', 'https://example.com/api/updates?c=1&lastEventId=x%20y#frag'],
  ])('%s + %s', (url, id, expected) => {
    expect(withLastEventId(url, id)).toBe(expected);
  });
});
