import { describe, expect, it } from 'vitest';
import {
  ALERT_TTL_MS,
  MAX_ALERTS,
  addAlert,
  alertKey,
  alertsOf,
  createAlertsState,
  dismissAlert,
  expireAlerts,
  nextExpiry,
  parseAlert,
  retainAlerts,
  toAlert,
  type Alert,
} from '../src/alerts/alerts';

const SAMPLE =
  '{"version":1,"conference":"javaone","windowStart":"2026-11-24T10:01:00+00:00","windowEnd":"2026-11-24T10:02:00+00:00","count":57,"threshold":50,"message":"javaone: more than 50 tweets within a minute (57 from 10:01 UTC)"}';

function alert(overrides: Record<string, unknown> = {}): Alert {
  const a = toAlert({ ...(JSON.parse(SAMPLE) as Record<string, unknown>), ...overrides });
  if (a === null) throw new Error('fixture is invalid');
  return a;
}

/** windowStart at `minute` minutes past 10:00 UTC. */
const minute = (m: number) => `2026-11-24T10:${String(m).padStart(2, '0')}:00+00:00`;

describe('parseAlert / toAlert', () => {
  it('parses the server payload', () => {
    expect(parseAlert(SAMPLE)).toEqual({
      version: 1,
      conference: 'javaone',
      windowStart: '2026-11-24T10:01:00+00:00',
      windowEnd: '2026-11-24T10:02:00+00:00',
      count: 57,
      threshold: 50,
      message: 'javaone: more than 50 tweets within a minute (57 from 10:01 UTC)',
    });
  });

  it('defaults the optional fields', () => {
    expect(toAlert({ conference: 'c', windowStart: 'w', count: 0, threshold: 0, message: 'm' })).toEqual({
      version: 1,
      conference: 'c',
      windowStart: 'w',
      windowEnd: null,
      count: 0,
      threshold: 0,
      message: 'm',
    });
  });

  it.each([
    ['not JSON', 'nope'],
    ['JSON null', 'null'],
    ['an array', '[]'],
    ['a number', '57'],
  ])('rejects %s', (_name, data) => {
    expect(parseAlert(data)).toBeNull();
  });

  it('rejects non-string data', () => {
    expect(parseAlert(undefined)).toBeNull();
    expect(parseAlert({ conference: 'javaone' })).toBeNull();
  });

  it.each([
    ['conference missing', { conference: undefined }],
    ['conference not a string', { conference: 1 }],
    ['conference empty', { conference: '  ' }],
    ['windowStart not a string', { windowStart: 1764 }],
    ['windowStart empty', { windowStart: '' }],
    ['message missing', { message: undefined }],
    ['message not a string', { message: { text: 'x' } }],
    ['message empty', { message: '' }],
    ['count a string', { count: '57' }],
    ['count fractional', { count: 57.5 }],
    ['count negative', { count: -1 }],
    ['count unsafe', { count: 2 ** 53 }],
    ['count NaN-ish', { count: null }],
    ['threshold missing', { threshold: undefined }],
    ['threshold a string', { threshold: '50' }],
    ['threshold fractional', { threshold: 0.5 }],
  ])('rejects a payload with %s', (_name, overrides) => {
    const o = { ...(JSON.parse(SAMPLE) as Record<string, unknown>), ...overrides };
    expect(toAlert(o)).toBeNull();
    expect(parseAlert(JSON.stringify(o))).toBeNull();
  });
});

describe('alertKey', () => {
  it('is the conference plus the normalised window start', () => {
    expect(alertKey('javaone', '2026-11-24T10:01:00+00:00')).toBe(alertKey('javaone', '2026-11-24T10:01:00Z'));
    expect(alertKey('javaone', '2026-11-24T11:01:00+01:00')).toBe(alertKey('javaone', '2026-11-24T10:01:00.000Z'));
    expect(alertKey('javaone', minute(1))).not.toBe(alertKey('javaone', minute(2)));
    expect(alertKey('javaone', minute(1))).not.toBe(alertKey('devoxx', minute(1)));
    expect(alertKey('javaone', 'garbage')).toBe(alertKey('javaone', 'garbage'));
    expect(alertKey('javaone', 'garbage')).not.toBe(alertKey('javaone', 'Garbage'));
  });

  it('cannot be confused by separators inside the fields', () => {
    expect(alertKey('a","b', 'c')).not.toBe(alertKey('a', 'b","c'));
  });
});

describe('alerts state', () => {
  it('shows new alerts newest first and leaves the input state untouched', () => {
    const s0 = createAlertsState();
    const s1 = addAlert(s0, alert({ windowStart: minute(1) }), 0);
    const s2 = addAlert(s1, alert({ windowStart: minute(2), conference: 'devoxx' }), 10);
    expect(s0.entries).toHaveLength(0);
    expect(s1.entries).toHaveLength(1);
    expect(alertsOf(s2).map((a) => [a.conference, a.windowStart])).toEqual([
      ['devoxx', minute(2)],
      ['javaone', minute(1)],
    ]);
    expect(s2.entries.map((e) => e.expiresAt)).toEqual([10 + ALERT_TTL_MS, ALERT_TTL_MS]);
  });

  it('orders by arrival, not by window', () => {
    let s = createAlertsState();
    s = addAlert(s, alert({ windowStart: minute(5) }), 0);
    s = addAlert(s, alert({ windowStart: minute(1) }), 1);
    expect(alertsOf(s).map((a) => a.windowStart)).toEqual([minute(1), minute(5)]);
  });

  it('ignores duplicates by (conference, windowStart), also after dismissal or expiry', () => {
    let s = addAlert(createAlertsState(), alert(), 0);
    expect(addAlert(s, alert(), 1)).toBe(s);
    expect(addAlert(s, alert({ message: 'repeated after a restart', count: 60 }), 1)).toBe(s);
    expect(addAlert(s, alert({ windowStart: '2026-11-24T10:01:00Z' }), 1)).toBe(s);
    // Same window, other conference: a different alert.
    expect(addAlert(s, alert({ conference: 'devoxx' }), 1).entries).toHaveLength(2);

    s = dismissAlert(s, alertKey('javaone', minute(1)));
    expect(s.entries).toHaveLength(0);
    expect(addAlert(s, alert(), 2)).toBe(s);

    let t = addAlert(createAlertsState(), alert(), 0);
    t = expireAlerts(t, ALERT_TTL_MS);
    expect(t.entries).toHaveLength(0);
    expect(addAlert(t, alert(), ALERT_TTL_MS + 1)).toBe(t);
  });

  it('a duplicate still removes expired alerts', () => {
    let s = addAlert(createAlertsState(), alert({ windowStart: minute(1) }), 0);
    s = addAlert(s, alert({ windowStart: minute(2) }), 30_000);
    const later = addAlert(s, alert({ windowStart: minute(2) }), ALERT_TTL_MS);
    expect(alertsOf(later).map((a) => a.windowStart)).toEqual([minute(2)]);
  });

  it(`keeps at most ${MAX_ALERTS}, dropping the oldest (which stay de-duplicated)`, () => {
    let s = createAlertsState();
    for (let m = 1; m <= 7; m++) s = addAlert(s, alert({ windowStart: minute(m) }), m);
    expect(MAX_ALERTS).toBe(5);
    expect(alertsOf(s).map((a) => a.windowStart)).toEqual([minute(7), minute(6), minute(5), minute(4), minute(3)]);
    expect(addAlert(s, alert({ windowStart: minute(1) }), 8)).toBe(s);
  });

  it('honours a custom limit and rejects invalid options', () => {
    let s = createAlertsState({ limit: 2 });
    for (let m = 1; m <= 3; m++) s = addAlert(s, alert({ windowStart: minute(m) }), m);
    expect(s.entries).toHaveLength(2);
    expect(() => createAlertsState({ limit: 0 })).toThrow(RangeError);
    expect(() => createAlertsState({ ttlMs: 1.5 })).toThrow(RangeError);
    expect(() => createAlertsState({ maxSeen: -1 })).toThrow(RangeError);
  });

  it('bounds the remembered keys, forgetting the oldest first', () => {
    let s = createAlertsState({ maxSeen: 3 });
    for (let m = 1; m <= 4; m++) s = addAlert(s, alert({ windowStart: minute(m) }), m);
    expect(s.seen.size).toBe(3);
    expect(s.seen.has(alertKey('javaone', minute(1)))).toBe(false);
    expect(s.seen.has(alertKey('javaone', minute(4)))).toBe(true);
  });

  it('dismisses by key; unknown keys change nothing', () => {
    let s = createAlertsState();
    s = addAlert(s, alert({ windowStart: minute(1) }), 0);
    s = addAlert(s, alert({ windowStart: minute(2) }), 0);
    expect(dismissAlert(s, 'nope')).toBe(s);
    const d = dismissAlert(s, alertKey('javaone', minute(1)));
    expect(alertsOf(d).map((a) => a.windowStart)).toEqual([minute(2)]);
    expect(s.entries).toHaveLength(2);
  });

  it('expires alerts 60 s after they arrived', () => {
    let s = createAlertsState();
    s = addAlert(s, alert({ windowStart: minute(1) }), 1_000);
    s = addAlert(s, alert({ windowStart: minute(2) }), 21_000);
    expect(nextExpiry(s)).toBe(61_000);
    expect(expireAlerts(s, 60_999)).toBe(s);
    const e1 = expireAlerts(s, 61_000);
    expect(alertsOf(e1).map((a) => a.windowStart)).toEqual([minute(2)]);
    expect(nextExpiry(e1)).toBe(81_000);
    const e2 = expireAlerts(e1, 81_000);
    expect(e2.entries).toHaveLength(0);
    expect(nextExpiry(e2)).toBeNull();
  });

  it('honours a custom ttl', () => {
    const s = addAlert(createAlertsState({ ttlMs: 5 }), alert(), 100);
    expect(nextExpiry(s)).toBe(105);
  });
});

describe('retainAlerts', () => {
  it('keeps only the accepted alerts, which stay seen', () => {
    let s = createAlertsState();
    s = addAlert(s, alert({ conference: 'javaone', windowStart: minute(1) }), 0);
    s = addAlert(s, alert({ conference: 'devoxx', windowStart: minute(1) }), 0);
    const kept = retainAlerts(s, (a) => a.conference === 'javaone');
    expect(alertsOf(kept).map((a) => a.conference)).toEqual(['javaone']);
    // The removed one does not come back.
    expect(addAlert(kept, alert({ conference: 'devoxx', windowStart: minute(1) }), 1).entries).toHaveLength(1);
    expect(retainAlerts(kept, () => true)).toBe(kept);
  });
});
