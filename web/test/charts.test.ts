import { describe, expect, it } from 'vitest';
import { MINUTE_MS, barPercents, minuteSeries, sparkline } from '../src/findings/charts';
import type { CountWindow } from '../src/findings/findings';

const T0 = Date.UTC(2026, 10, 24, 10, 0);
const win = (minute: number, windowCount: number): CountWindow => ({
  start: T0 + minute * MINUTE_MS,
  counts: {
    kind: 'tweet-counts',
    version: 1,
    conference: 'javaone',
    windowStart: new Date(T0 + minute * MINUTE_MS).toISOString(),
    windowEnd: null,
    windowCount,
    total: 0,
  },
});

describe('minuteSeries', () => {
  it('places windows by minute, 0 for missing minutes after the first, null before', () => {
    const s = minuteSeries([win(2, 5), win(4, 7)], T0 + 5 * MINUTE_MS, 6);
    expect(s.map((p) => p.count)).toEqual([null, null, 5, 0, 7, 0]);
    expect(s[0]!.start).toBe(T0);
    expect(s[5]!.start).toBe(T0 + 5 * MINUTE_MS);
  });

  it('knows every minute when a window is older than the chart', () => {
    const s = minuteSeries([win(0, 1), win(9, 3)], T0 + 9 * MINUTE_MS, 3);
    expect(s.map((p) => p.count)).toEqual([0, 0, 3]);
  });

  it('defaults to 30 minutes', () => {
    expect(minuteSeries([win(0, 1)], T0)).toHaveLength(30);
  });
});

describe('sparkline', () => {
  it('scales to the box, skipping unknown minutes', () => {
    const g = sparkline(
      [
        { start: 0, count: null },
        { start: 1, count: 0 },
        { start: 2, count: 10 },
      ],
      100,
      20,
      0,
    );
    expect(g.line).toBe('50,20 100,0');
    expect(g.area).toBe('50,20 50,20 100,0 100,20');
    expect(g.last).toEqual({ x: 100, y: 0 });
    expect(g.max).toBe(10);
  });

  it('is empty without known points, and flat at zero with a max of 1', () => {
    expect(sparkline([{ start: 0, count: null }], 100, 20)).toEqual({ line: '', area: '', last: null, max: 1 });
    expect(sparkline([{ start: 0, count: 0 }, { start: 1, count: 0 }], 100, 20, 0).line).toBe('0,20 100,20');
  });
});

describe('barPercents', () => {
  it('relative to the largest count', () => {
    expect(
      barPercents([
        { hashtag: 'a', count: 40 },
        { hashtag: 'b', count: 10 },
        { hashtag: 'c', count: 0 },
        { hashtag: 'd', count: 1 },
      ]),
    ).toEqual([100, 25, 0, 2.5]);
    expect(barPercents([{ hashtag: 'a', count: 0 }])).toEqual([0]);
    expect(barPercents([{ hashtag: 'a', count: 1000 }, { hashtag: 'b', count: 1 }])).toEqual([100, 1]);
    expect(barPercents([])).toEqual([]);
  });
});
