import { describe, expect, it } from 'vitest';
import {
  MAX_COUNT_WINDOWS,
  MAX_FINDING_CONFERENCES,
  MAX_RANKED,
  applyFinding,
  createFindingsState,
  newestWindowStart,
  parseFinding,
  toFinding,
  type Finding,
} from '../src/findings/findings';

const counts = (overrides: Record<string, unknown> = {}) => ({
  version: 1,
  conference: 'javaone',
  windowStart: '2026-11-24T10:01:00+00:00',
  windowEnd: '2026-11-24T10:02:00+00:00',
  windowCount: 12,
  total: 340,
  ...overrides,
});
const trending = (overrides: Record<string, unknown> = {}) => ({
  version: 1,
  conference: '*',
  windowStart: '2026-11-24T10:00:00+00:00',
  windowEnd: '2026-11-24T10:05:00+00:00',
  top: [
    { hashtag: 'kafka', count: 40 },
    { hashtag: 'java', count: 12 },
  ],
  ...overrides,
});
const topLiked = (overrides: Record<string, unknown> = {}) => ({
  version: 1,
  conference: 'javaone',
  top: [{ tweetId: '18446744073709551615', likes: 9 }],
  ...overrides,
});

function finding(kind: Finding['kind'], value: unknown): Finding {
  const f = toFinding(kind, value);
  if (f === null) throw new Error('fixture is invalid');
  return f;
}

describe('toFinding / parseFinding', () => {
  it('parses the three kinds as the server sends them', () => {
    expect(parseFinding('tweet-counts', JSON.stringify(counts()))).toEqual({ kind: 'tweet-counts', ...counts() });
    expect(parseFinding('trending-hashtags', JSON.stringify(trending()))).toEqual({ kind: 'trending-hashtags', ...trending() });
    expect(parseFinding('top-liked', JSON.stringify(topLiked()))).toEqual({ kind: 'top-liked', ...topLiked() });
  });

  it('defaults version and windowEnd, accepts an empty top list', () => {
    const { version: _v, windowEnd: _w, ...bare } = counts();
    expect(toFinding('tweet-counts', bare)).toMatchObject({ version: 1, windowEnd: null });
    expect(toFinding('top-liked', topLiked({ top: [] }))).toMatchObject({ top: [] });
  });

  it.each([
    ['tweet-counts', counts({ conference: '' })],
    ['tweet-counts', counts({ conference: 7 })],
    ['tweet-counts', counts({ windowStart: null })],
    ['tweet-counts', counts({ windowCount: -1 })],
    ['tweet-counts', counts({ total: '340' })],
    ['tweet-counts', counts({ total: 1.5 })],
    ['trending-hashtags', trending({ top: 'kafka' })],
    ['trending-hashtags', trending({ top: undefined })],
    ['trending-hashtags', trending({ windowStart: 3 })],
    ['top-liked', topLiked({ top: {} })],
    ['top-liked', topLiked({ conference: 'x'.repeat(1000) })],
    ['top-liked', []],
    ['top-liked', null],
  ] as const)('rejects a bad %s', (kind, value) => {
    expect(toFinding(kind, value)).toBeNull();
  });

  it('never throws on malformed data', () => {
    for (const data of ['nope', '', 'null', '[]', '"x"', undefined, 42, {}]) {
      expect(parseFinding('tweet-counts', data)).toBeNull();
    }
  });

  it('skips bad ranked entries and bounds the list', () => {
    const f = toFinding(
      'top-liked',
      topLiked({ top: [null, 'x', { tweetId: 1, likes: 3 }, { tweetId: '1', likes: -1 }, { tweetId: '2', likes: 3 }] }),
    );
    expect(f).toMatchObject({ top: [{ tweetId: '2', likes: 3 }] });
    const many = Array.from({ length: 100_000 }, (_, i) => ({ hashtag: `t${i}`, count: i }));
    const t = toFinding('trending-hashtags', trending({ top: many }));
    expect(t?.kind === 'trending-hashtags' && t.top.length).toBe(MAX_RANKED);
    // Nothing but garbage: only a bounded prefix is looked at, and the list is empty.
    expect(toFinding('trending-hashtags', trending({ top: new Array(100_000).fill(0) }))).toMatchObject({ top: [] });
  });
});

describe('findings state', () => {
  it('keeps the latest finding of each kind per conference', () => {
    let s = createFindingsState();
    s = applyFinding(s, finding('tweet-counts', counts({ total: 1 })));
    s = applyFinding(s, finding('tweet-counts', counts({ conference: 'devoxx', total: 5 })));
    s = applyFinding(s, finding('tweet-counts', counts({ total: 2 })));
    s = applyFinding(s, finding('top-liked', topLiked()));
    expect(s.tweetCounts.get('javaone')?.total).toBe(2);
    expect(s.tweetCounts.get('devoxx')?.total).toBe(5);
    expect([...s.tweetCounts.keys()]).toEqual(['devoxx', 'javaone']);
    expect(s.topLiked.get('javaone')?.top).toEqual([{ tweetId: '18446744073709551615', likes: 9 }]);
    expect(s.trendingHashtags.size).toBe(0);
  });

  it('does not modify the input state', () => {
    const s = createFindingsState();
    const next = applyFinding(s, finding('trending-hashtags', trending()));
    expect(s.trendingHashtags.size).toBe(0);
    expect(next.trendingHashtags.get('*')?.top).toHaveLength(2);
  });

  it('remembers a bounded number of conferences, dropping the least recently updated', () => {
    const all = Array.from({ length: MAX_FINDING_CONFERENCES + 5 }, (_, i) =>
      finding('tweet-counts', counts({ conference: `c${i}` })),
    );
    const s = createFindingsState(all);
    expect(s.tweetCounts.size).toBe(MAX_FINDING_CONFERENCES);
    expect(s.tweetCounts.has('c0')).toBe(false);
    expect(s.tweetCounts.has(`c${MAX_FINDING_CONFERENCES + 4}`)).toBe(true);
  });
});

describe('tweet-count windows', () => {
  const minute = (m: number, offset = 'Z') =>
    new Date(Date.UTC(2026, 10, 24, 10, m)).toISOString().replace('.000Z', offset === 'Z' ? 'Z' : offset);
  const countWindow = (m: number, windowCount: number, overrides: Record<string, unknown> = {}) =>
    finding('tweet-counts', counts({ windowStart: minute(m), windowEnd: minute(m + 1), windowCount, total: 100 + m, ...overrides }));
  const shape = (s: ReturnType<typeof createFindingsState>, conference = 'javaone') =>
    (s.countWindows.get(conference) ?? []).map((w) => [w.counts.windowStart.slice(11, 16), w.counts.windowCount]);

  it('keeps windows per conference in time order; an update of a window replaces it', () => {
    const s = createFindingsState([
      countWindow(2, 1),
      countWindow(0, 4),
      countWindow(2, 3),
      countWindow(1, 2, { conference: 'devoxx' }),
      // The same instant spelled differently is the same window.
      countWindow(0, 5, { windowStart: minute(0, '+00:00') }),
    ]);
    expect(shape(s)).toEqual([
      ['10:00', 5],
      ['10:02', 3],
    ]);
    expect(shape(s, 'devoxx')).toEqual([['10:01', 2]]);
    // The latest received is still available as before.
    expect(s.tweetCounts.get('javaone')?.windowCount).toBe(5);
    expect(newestWindowStart(s.countWindows)).toBe(Date.UTC(2026, 10, 24, 10, 2));
  });

  it('keeps the newest 30 windows; an update of a window older than all of them changes nothing', () => {
    let s = createFindingsState(Array.from({ length: MAX_COUNT_WINDOWS + 5 }, (_, m) => countWindow(m, m)));
    const windows = s.countWindows.get('javaone')!;
    expect(windows).toHaveLength(MAX_COUNT_WINDOWS);
    expect(windows[0]!.counts.windowCount).toBe(5);
    expect(windows[windows.length - 1]!.counts.windowCount).toBe(MAX_COUNT_WINDOWS + 4);
    s = applyFinding(s, countWindow(1, 99));
    expect(s.countWindows.get('javaone')).toBe(windows);
  });

  it('leaves out windows whose start is not a time, and does not modify the input', () => {
    const empty = createFindingsState();
    const s = applyFinding(empty, countWindow(0, 1, { windowStart: 'not a time' }));
    expect(s.countWindows.size).toBe(0);
    expect(s.tweetCounts.size).toBe(1);
    const next = applyFinding(s, countWindow(0, 1));
    expect(s.countWindows.size).toBe(0);
    expect(next.countWindows.get('javaone')).toHaveLength(1);
    expect(newestWindowStart(empty.countWindows)).toBeNull();
  });

  it('bounds the conferences with windows', () => {
    const s = createFindingsState(
      Array.from({ length: MAX_FINDING_CONFERENCES + 3 }, (_, i) => countWindow(0, 1, { conference: `c${i}` })),
    );
    expect(s.countWindows.size).toBe(MAX_FINDING_CONFERENCES);
    expect(s.countWindows.has('c0')).toBe(false);
  });
});
