import { describe, expect, it } from 'vitest';
import { MAX_COUNT_WINDOWS, MAX_FINDING_CONFERENCES } from '../src/findings/findings';
import { MAX_KNOWN_COUNTS } from '../src/likes/likes';
import { MAX_SNAPSHOT_ALERTS, MAX_SNAPSHOT_COUNT_WINDOWS, parseSnapshot, toSnapshot, type Snapshot } from '../src/live/snapshot';
import { MAX_TWEETS } from '../src/tweets/tweet-list';
import { at, payload } from './fixtures';

const alert = (minute: number, overrides: Record<string, unknown> = {}) => ({
  version: 1,
  conference: 'javaone',
  windowStart: at(minute),
  windowEnd: at(minute + 1),
  count: 57,
  threshold: 50,
  message: `alert ${minute}`,
  ...overrides,
});
const counts = { conference: 'javaone', windowStart: at(1), windowEnd: at(2), windowCount: 12, total: 340 };
const trending = { conference: '*', windowStart: at(0), windowEnd: at(5), top: [{ hashtag: 'kafka', count: 40 }] };
const topLiked = { conference: 'javaone', top: [{ tweetId: '18446744073709551615', likes: 9 }] };

const EMPTY: Snapshot = { tweets: [], likes: [], tweetCounts: [], trendingHashtags: [], topLiked: [], alerts: [] };

function parse(value: unknown): Snapshot {
  const s = parseSnapshot(JSON.stringify(value));
  if (s === null) throw new Error('snapshot rejected');
  return s;
}

describe('parseSnapshot', () => {
  it('parses a complete snapshot', () => {
    const s = parse({
      tweets: [payload({ tweetId: '18446744073709551615', createdAt: at(5) }), payload({ tweetId: '2', createdAt: at(4) })],
      likes: [{ tweetId: '18446744073709551615', count: 4 }],
      tweetCounts: [counts],
      trendingHashtags: [trending],
      topLiked: [topLiked],
      alerts: [alert(1), alert(2)],
    });
    expect(s.tweets.map((t) => t.tweetId)).toEqual(['18446744073709551615', '2']);
    expect(s.tweets[0]).toMatchObject({ text: expect.any(String), author: 'alice', conference: 'javaone' });
    expect(s.likes).toEqual([{ tweetId: '18446744073709551615', count: 4 }]);
    expect(s.tweetCounts).toEqual([{ kind: 'tweet-counts', version: 1, ...counts }]);
    expect(s.trendingHashtags).toEqual([{ kind: 'trending-hashtags', version: 1, ...trending }]);
    expect(s.topLiked).toEqual([{ kind: 'top-liked', version: 1, ...topLiked }]);
    expect(s.alerts.map((a) => a.message)).toEqual(['alert 1', 'alert 2']);
  });

  it('treats missing, null or non-array fields as empty', () => {
    expect(parse({})).toEqual(EMPTY);
    expect(parse({ tweets: null, likes: {}, tweetCounts: 'x', trendingHashtags: 1, topLiked: true, alerts: { 0: alert(1) } })).toEqual(EMPTY);
    const partial = parse({ likes: [{ tweetId: '1', count: 0 }] });
    expect(partial).toEqual({ ...EMPTY, likes: [{ tweetId: '1', count: 0 }] });
  });

  it('rejects what is not a JSON object, without throwing', () => {
    for (const data of ['not json', '', '[]', 'null', '"snapshot"', '42', undefined, null, 42, {}]) {
      expect(parseSnapshot(data)).toBeNull();
    }
    expect(toSnapshot([])).toBeNull();
    expect(toSnapshot({})).toEqual(EMPTY);
  });

  it('skips bad entries and keeps the good ones', () => {
    const s = parse({
      tweets: [null, 7, 'x', [], { tweetId: 123, text: 't', author: 'a' }, { tweetId: '', text: 't', author: 'a' }, payload({ tweetId: '9' })],
      likes: [{ tweetId: 1, count: 1 }, { tweetId: '1', count: -1 }, { tweetId: '1', count: 1.5 }, { tweetId: '1', count: '2' }, { tweetId: '3', count: 3 }],
      tweetCounts: [{ ...counts, total: -1 }, counts],
      trendingHashtags: [{ ...trending, top: 'kafka' }, { ...trending, top: [null, { hashtag: 'ok', count: 1 }] }],
      topLiked: [{ conference: 'javaone' }, { ...topLiked, top: [{ tweetId: 1, likes: 1 }] }],
      alerts: [alert(1, { count: '57' }), alert(2, { message: '' }), alert(3)],
    });
    expect(s.tweets.map((t) => t.tweetId)).toEqual(['9']);
    expect(s.likes).toEqual([{ tweetId: '3', count: 3 }]);
    expect(s.tweetCounts).toHaveLength(1);
    expect(s.trendingHashtags).toEqual([{ kind: 'trending-hashtags', version: 1, ...trending, top: [{ hashtag: 'ok', count: 1 }] }]);
    expect(s.topLiked).toEqual([{ kind: 'top-liked', version: 1, conference: 'javaone', top: [] }]);
    expect(s.alerts.map((a) => a.message)).toEqual(['alert 3']);
  });

  it('de-duplicates tweets (first one wins) and like counts (last one wins)', () => {
    const s = parse({
      tweets: [payload({ tweetId: '1', text: 'first' }), payload({ tweetId: '1', text: 'second' })],
      likes: [{ tweetId: '1', count: 1 }, { tweetId: '2', count: 2 }, { tweetId: '1', count: 5 }],
    });
    expect(s.tweets.map((t) => t.text)).toEqual(['first']);
    expect(s.likes).toEqual([{ tweetId: '1', count: 5 }, { tweetId: '2', count: 2 }]);
  });

  it('bounds every array: the newest tweets (first) and the newest alerts (last)', () => {
    const n = 5_000;
    const s = parse({
      tweets: Array.from({ length: n }, (_, i) => payload({ tweetId: `t${i}` })),
      likes: Array.from({ length: n }, (_, i) => ({ tweetId: `t${i}`, count: i })),
      tweetCounts: Array.from({ length: MAX_SNAPSHOT_COUNT_WINDOWS + 10 }, (_, i) => ({ ...counts, conference: `c${i}` })),
      trendingHashtags: Array.from({ length: n }, () => trending),
      topLiked: Array.from({ length: n }, () => topLiked),
      alerts: Array.from({ length: n }, (_, i) => alert(0, { windowStart: `w${i}`, message: `m${i}` })),
    });
    expect(s.tweets).toHaveLength(MAX_TWEETS);
    expect(s.tweets[0]!.tweetId).toBe('t0');
    expect(s.likes).toHaveLength(MAX_KNOWN_COUNTS);
    // Up to 30 one-minute windows per conference.
    expect(MAX_SNAPSHOT_COUNT_WINDOWS).toBe(MAX_FINDING_CONFERENCES * MAX_COUNT_WINDOWS);
    expect(s.tweetCounts).toHaveLength(MAX_SNAPSHOT_COUNT_WINDOWS);
    expect(s.trendingHashtags).toHaveLength(MAX_FINDING_CONFERENCES);
    expect(s.topLiked).toHaveLength(MAX_FINDING_CONFERENCES);
    expect(s.alerts).toHaveLength(MAX_SNAPSHOT_ALERTS);
    expect(s.alerts[s.alerts.length - 1]!.message).toBe(`m${n - 1}`);
    expect(s.alerts[0]!.message).toBe(`m${n - MAX_SNAPSHOT_ALERTS}`);
  });

  it('looks at a bounded number of entries when they are all bad', () => {
    const garbage = new Array(1_000_000).fill({ tweetId: 1 });
    const started = performance.now();
    const s = toSnapshot({ tweets: garbage, likes: garbage, tweetCounts: garbage, trendingHashtags: garbage, topLiked: garbage, alerts: garbage });
    expect(s).toEqual(EMPTY);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('survives hostile values anywhere without throwing', () => {
    const hostile: unknown[] = [null, 0, -1, 1e308, '', 'x', true, [], {}, [[]], { __proto__: { tweetId: '1' } }];
    for (const a of hostile) {
      for (const field of ['tweets', 'likes', 'tweetCounts', 'trendingHashtags', 'topLiked', 'alerts']) {
        expect(() => parseSnapshot(JSON.stringify({ [field]: a }))).not.toThrow();
        expect(() => parseSnapshot(JSON.stringify({ [field]: [a, a] }))).not.toThrow();
      }
    }
    // JSON's "__proto__" key is an own property, not the prototype.
    expect(parse(JSON.parse('{"__proto__":{"tweets":[1]},"tweets":[]}'))).toEqual(EMPTY);
  });
});
