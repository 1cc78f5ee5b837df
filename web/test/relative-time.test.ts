import { describe, expect, it } from 'vitest';
import { UNKNOWN_RELATIVE_TIME, formatRelativeTime, relativeTimeText } from '../src/tweets/relative-time';

describe('relative time', () => {
  it.each([
    [0, 'just now'],
    [4_999, 'just now'],
    [-30_000, 'just now'], // the tweet's clock is ahead of ours
    [5_000, '5 s ago'],
    [12_400, '12 s ago'],
    [59_999, '59 s ago'],
    [60_000, '1 min ago'],
    [59 * 60_000 + 59_000, '59 min ago'],
    [3_600_000, '1 h ago'],
    [23 * 3_600_000, '23 h ago'],
    [49 * 3_600_000, '2 d ago'],
  ])('%i ms -> %s', (age, text) => {
    expect(relativeTimeText(age)).toBe(text);
  });

  it('formats ISO times against a given now, — when unknown', () => {
    const now = Date.parse('2026-11-24T10:00:12Z');
    expect(formatRelativeTime('2026-11-24T10:00:00+00:00', now)).toBe('12 s ago');
    expect(formatRelativeTime('2026-11-24T09:57:00Z', now)).toBe('3 min ago');
    expect(formatRelativeTime(null, now)).toBe(UNKNOWN_RELATIVE_TIME);
    expect(formatRelativeTime('<i>never</i>', now)).toBe('—');
    expect(relativeTimeText(NaN)).toBe('—');
  });
});
