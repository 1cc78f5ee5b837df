// Pure alert state: validation of `alert` SSE payloads and a bounded, de-duplicated,
// newest-first list of notifications that expire by themselves. No DOM and no timers here:
// the caller passes the current time, so everything is unit-testable in plain Node.

/** At most this many alerts are shown; older ones are dropped. */
export const MAX_ALERTS = 5;

/** An alert disappears by itself this long after it arrived. */
export const ALERT_TTL_MS = 60_000;

/** How many (conference, windowStart) keys are remembered for de-duplication. */
export const MAX_SEEN_ALERT_KEYS = 1_000;

/** An `alert` event as pushed by the server (camelCase JSON, version 1). */
export interface Alert {
  readonly version: number;
  readonly conference: string;
  /** ISO-8601 start of the window, exactly as sent. */
  readonly windowStart: string;
  /** ISO-8601 end of the window as sent; null when absent or not a string. */
  readonly windowEnd: string | null;
  readonly count: number;
  readonly threshold: number;
  readonly message: string;
}

export interface AlertEntry {
  readonly alert: Alert;
  /** De-duplication key, see alertKey(). */
  readonly key: string;
  /** Clock value (caller's clock, ms) after which the alert is gone. */
  readonly expiresAt: number;
}

export interface AlertsState {
  /** Newest first (by arrival), at most `limit` entries, none expired as of the last update. */
  readonly entries: readonly AlertEntry[];
  /** Keys of every alert accepted so far (shown, dismissed, expired or dropped), oldest first, bounded. */
  readonly seen: ReadonlySet<string>;
  readonly limit: number;
  readonly ttlMs: number;
  readonly maxSeen: number;
}

export interface AlertsStateOptions {
  readonly limit?: number;
  readonly ttlMs?: number;
  readonly maxSeen?: number;
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`${name} must be a positive integer, got ${value}`);
  }
  return value;
}

export function createAlertsState(options: AlertsStateOptions = {}): AlertsState {
  return {
    entries: [],
    seen: new Set(),
    limit: positiveInteger('limit', options.limit ?? MAX_ALERTS),
    ttlMs: positiveInteger('ttlMs', options.ttlMs ?? ALERT_TTL_MS),
    maxSeen: positiveInteger('maxSeen', options.maxSeen ?? MAX_SEEN_ALERT_KEYS),
  };
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function nonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}

/**
 * Validates an already-parsed JSON value into an Alert. Returns null (never throws) unless
 * conference, windowStart and message are non-empty strings and count and threshold are
 * non-negative integers. windowEnd and version are optional.
 */
export function toAlert(value: unknown): Alert | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const o = value as Record<string, unknown>;
  const { conference, windowStart, message, count, threshold } = o;
  if (!nonEmptyString(conference) || !nonEmptyString(windowStart) || !nonEmptyString(message)) return null;
  if (!isCount(count) || !isCount(threshold)) return null;
  const version = o['version'];
  const windowEnd = o['windowEnd'];
  return {
    version: typeof version === 'number' && Number.isSafeInteger(version) ? version : 1,
    conference,
    windowStart,
    windowEnd: typeof windowEnd === 'string' && windowEnd.length > 0 ? windowEnd : null,
    count,
    threshold,
    message,
  };
}

/** Parses the `data:` of an SSE `alert` event; never throws, null when malformed. */
export function parseAlert(data: unknown): Alert | null {
  if (typeof data !== 'string') return null;
  try {
    return toAlert(JSON.parse(data));
  } catch {
    return null;
  }
}

/**
 * The de-duplication key of an alert: its conference and the instant its window starts.
 * The instant is normalised, so `…T10:01:00+00:00` and `…T10:01:00Z` (a restarted server may
 * format it differently) are the same alert; an unparseable windowStart is used as sent.
 */
export function alertKey(conference: string, windowStart: string): string {
  const ms = Date.parse(windowStart);
  const instant = Number.isFinite(ms) ? new Date(ms).toISOString() : windowStart;
  return JSON.stringify([conference, instant]);
}

function withoutExpired(entries: readonly AlertEntry[], now: number): readonly AlertEntry[] {
  return entries.some((e) => e.expiresAt <= now) ? entries.filter((e) => e.expiresAt > now) : entries;
}

/**
 * Adds an alert that arrived at `now` and returns a new state (the input is not modified).
 * - An alert whose (conference, windowStart) was seen before is ignored, even when it was
 *   dismissed, expired or dropped meanwhile: the server may repeat alerts after a restart.
 * - The new alert goes first; beyond `limit` the oldest are dropped. Expired ones are removed.
 * Returns the very same state object when nothing changed.
 */
export function addAlert(state: AlertsState, alert: Alert, now: number): AlertsState {
  const key = alertKey(alert.conference, alert.windowStart);
  if (state.seen.has(key)) {
    const entries = withoutExpired(state.entries, now);
    return entries === state.entries ? state : { ...state, entries };
  }
  const seen = new Set(state.seen);
  seen.add(key);
  for (const old of seen) {
    if (seen.size <= state.maxSeen) break;
    seen.delete(old); // Sets iterate in insertion order: oldest first.
  }
  const entries = [{ alert, key, expiresAt: now + state.ttlMs }, ...withoutExpired(state.entries, now)];
  if (entries.length > state.limit) entries.length = state.limit;
  return { ...state, entries, seen };
}

/** Removes the alert with this key (it stays "seen"). Same state when it is not shown. */
export function dismissAlert(state: AlertsState, key: string): AlertsState {
  if (!state.entries.some((e) => e.key === key)) return state;
  return { ...state, entries: state.entries.filter((e) => e.key !== key) };
}

/**
 * Keeps only the shown alerts `keep` accepts (e.g. the conferences of a new filter); the others
 * stay "seen", so they do not come back. Same state when all are kept.
 */
export function retainAlerts(state: AlertsState, keep: (alert: Alert) => boolean): AlertsState {
  const entries = state.entries.filter((e) => keep(e.alert));
  return entries.length === state.entries.length ? state : { ...state, entries };
}

/** Removes the alerts that expired at or before `now`. Same state when none did. */
export function expireAlerts(state: AlertsState, now: number): AlertsState {
  const entries = withoutExpired(state.entries, now);
  return entries === state.entries ? state : { ...state, entries };
}

/** The earliest expiresAt among the shown alerts; null when none is shown. */
export function nextExpiry(state: AlertsState): number | null {
  let next: number | null = null;
  for (const e of state.entries) if (next === null || e.expiresAt < next) next = e.expiresAt;
  return next;
}

/** The shown alerts, newest first. */
export function alertsOf(state: AlertsState): Alert[] {
  return state.entries.map((e) => e.alert);
}
