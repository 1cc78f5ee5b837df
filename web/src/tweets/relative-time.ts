// "12 s ago": how long ago a tweet was written, for the live list. Pure; the list refreshes the
// texts on a timer (only the ones that changed are written).

/** Shown when the time is unknown or not a valid time. */
export const UNKNOWN_RELATIVE_TIME = '—';

/** Under this age (and for times in the future, e.g. clock skew) a tweet is "just now". */
export const JUST_NOW_MS = 5_000;

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The text for an age in ms: `just now`, `12 s ago`, `3 min ago`, `5 h ago`, `2 d ago`. */
export function relativeTimeText(ageMs: number): string {
  if (!Number.isFinite(ageMs)) return UNKNOWN_RELATIVE_TIME;
  if (ageMs < JUST_NOW_MS) return 'just now';
  if (ageMs < MINUTE) return `${Math.floor(ageMs / SECOND)} s ago`;
  if (ageMs < HOUR) return `${Math.floor(ageMs / MINUTE)} min ago`;
  if (ageMs < DAY) return `${Math.floor(ageMs / HOUR)} h ago`;
  return `${Math.floor(ageMs / DAY)} d ago`;
}

/** The relative text of an ISO time as of `now` (ms since the epoch); `—` when unknown. */
export function formatRelativeTime(iso: string | null, now: number): string {
  const ms = iso === null ? NaN : Date.parse(iso);
  return Number.isFinite(ms) ? relativeTimeText(now - ms) : UNKNOWN_RELATIVE_TIME;
}
