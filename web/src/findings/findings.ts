// Analytics findings (`tweet-counts`, `trending-hashtags` and `top-liked` events, and the same
// objects in a `snapshot`): validation, the latest finding per conference, and per conference the
// last MAX_COUNT_WINDOWS one-minute windows of tweet counts (for the tweets-per-minute chart).
// Pure, no DOM, everything from the server is hostile.

/** Conferences (including `*`, all tweets) remembered per kind of finding; the least recently updated go first. */
export const MAX_FINDING_CONFERENCES = 100;

/** Entries kept of a ranked list (the server sends 10; a hostile one may send a million). */
export const MAX_RANKED = 50;

/** One-minute tweet-count windows kept per conference (the snapshot sends up to 30). */
export const MAX_COUNT_WINDOWS = 30;

/** Longest conference, hashtag or tweet id accepted; longer ones are not real. */
export const MAX_FINDING_TEXT_LENGTH = 280;

export const FINDING_KINDS = ['tweet-counts', 'trending-hashtags', 'top-liked'] as const;
/** The SSE event name of a finding is its kind. */
export type FindingKind = (typeof FINDING_KINDS)[number];

/** `tweet-counts`: tweets about a conference in one 1-minute window, and all time. */
export interface TweetCounts {
  readonly kind: 'tweet-counts';
  readonly version: number;
  readonly conference: string;
  /** ISO-8601, exactly as sent. */
  readonly windowStart: string;
  /** ISO-8601 as sent; null when absent or not a string. */
  readonly windowEnd: string | null;
  readonly windowCount: number;
  readonly total: number;
}

export interface RankedHashtag {
  readonly hashtag: string;
  readonly count: number;
}

/** `trending-hashtags`: the top hashtags of the current window, best first. */
export interface TrendingHashtags {
  readonly kind: 'trending-hashtags';
  readonly version: number;
  readonly conference: string;
  readonly windowStart: string;
  readonly windowEnd: string | null;
  readonly top: readonly RankedHashtag[];
}

export interface RankedTweet {
  /** A string end to end, like every tweet id. */
  readonly tweetId: string;
  readonly likes: number;
}

/** `top-liked`: a conference's most-liked tweets, best first. */
export interface TopLiked {
  readonly kind: 'top-liked';
  readonly version: number;
  readonly conference: string;
  readonly top: readonly RankedTweet[];
}

export type Finding = TweetCounts | TrendingHashtags | TopLiked;

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

function text(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0 && value.length <= MAX_FINDING_TEXT_LENGTH;
}

function count(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function version(value: unknown): number {
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : 1;
}

function optionalTime(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_FINDING_TEXT_LENGTH ? value : null;
}

/** The valid entries of a ranked list, in the order sent, at most MAX_RANKED; bad entries are skipped. */
function ranked<T>(value: unknown, parse: (entry: Record<string, unknown>) => T | null): T[] | null {
  if (!Array.isArray(value)) return null;
  const out: T[] = [];
  // Look at a bounded prefix only: a hostile list of nothing but bad entries must stay cheap.
  const end = Math.min(value.length, MAX_RANKED * 4);
  for (let i = 0; i < end && out.length < MAX_RANKED; i++) {
    const o = record(value[i]);
    const entry = o === null ? null : parse(o);
    if (entry !== null) out.push(entry);
  }
  return out;
}

/**
 * Validates an already-parsed finding of the given kind. Returns null (never throws) unless the
 * conference is a non-empty string and the kind's required fields are valid (windowStart a string,
 * counts non-negative integers, `top` an array); bad entries of `top` are skipped.
 */
export function toFinding(kind: FindingKind, value: unknown): Finding | null {
  const o = record(value);
  if (o === null || !text(o['conference'])) return null;
  const conference = o['conference'];
  switch (kind) {
    case 'tweet-counts': {
      const { windowStart, windowCount, total } = o;
      if (!text(windowStart) || !count(windowCount) || !count(total)) return null;
      return {
        kind,
        version: version(o['version']),
        conference,
        windowStart,
        windowEnd: optionalTime(o['windowEnd']),
        windowCount,
        total,
      };
    }
    case 'trending-hashtags': {
      const windowStart = o['windowStart'];
      if (!text(windowStart)) return null;
      const top = ranked<RankedHashtag>(o['top'], (e) =>
        text(e['hashtag']) && count(e['count']) ? { hashtag: e['hashtag'], count: e['count'] } : null,
      );
      if (top === null) return null;
      return { kind, version: version(o['version']), conference, windowStart, windowEnd: optionalTime(o['windowEnd']), top };
    }
    case 'top-liked': {
      const top = ranked<RankedTweet>(o['top'], (e) =>
        // A numeric tweetId is rejected: its precision may already be lost.
        text(e['tweetId']) && count(e['likes']) ? { tweetId: e['tweetId'], likes: e['likes'] } : null,
      );
      if (top === null) return null;
      return { kind, version: version(o['version']), conference, top };
    }
  }
}

/** Parses the `data:` of a finding event; never throws, null when malformed. */
export function parseFinding(kind: FindingKind, data: unknown): Finding | null {
  if (typeof data !== 'string') return null;
  try {
    return toFinding(kind, JSON.parse(data));
  } catch {
    return null;
  }
}

/** One window of a conference's tweet counts, keyed by its start instant. */
export interface CountWindow {
  /** windowStart in ms since the epoch (so `+00:00` and `Z` are the same window). */
  readonly start: number;
  /** The newest update received for this window. */
  readonly counts: TweetCounts;
}

/** The latest finding of each kind per conference; insertion order = recency, bounded. */
export interface FindingsState {
  /** The last `tweet-counts` received per conference (whatever its window). */
  readonly tweetCounts: ReadonlyMap<string, TweetCounts>;
  readonly trendingHashtags: ReadonlyMap<string, TrendingHashtags>;
  readonly topLiked: ReadonlyMap<string, TopLiked>;
  /**
   * Per conference its windows, oldest first by start, at most MAX_COUNT_WINDOWS (the newest
   * ones); an update of a window replaces it. Windows whose start is not a valid time are left out.
   */
  readonly countWindows: ReadonlyMap<string, readonly CountWindow[]>;
}

function withLatest<T>(map: ReadonlyMap<string, T>, conference: string, value: T): Map<string, T> {
  const next = new Map(map);
  next.delete(conference);
  next.set(conference, value);
  for (const old of next.keys()) {
    if (next.size <= MAX_FINDING_CONFERENCES) break;
    next.delete(old);
  }
  return next;
}

/**
 * `windows` (oldest first) with `counts` put in its place: replaces the window with the same start,
 * else is inserted in order; only the newest `max` are kept. The same array when nothing changed
 * (an unparseable start, or a window older than all kept ones when full).
 */
export function withCountWindow(
  windows: readonly CountWindow[],
  counts: TweetCounts,
  max: number = MAX_COUNT_WINDOWS,
): readonly CountWindow[] {
  const start = Date.parse(counts.windowStart);
  if (!Number.isFinite(start)) return windows;
  const entry: CountWindow = { start, counts };
  const next = windows.filter((w) => w.start !== start);
  let at = next.length;
  while (at > 0 && next[at - 1]!.start > start) at--;
  next.splice(at, 0, entry);
  const kept = next.length > max ? next.slice(next.length - max) : next;
  return kept.includes(entry) ? kept : windows;
}

/** The start of the newest window of any conference; null when there is none. */
export function newestWindowStart(windows: ReadonlyMap<string, readonly CountWindow[]>): number | null {
  let newest: number | null = null;
  for (const list of windows.values()) {
    const last = list[list.length - 1];
    if (last !== undefined && (newest === null || last.start > newest)) newest = last.start;
  }
  return newest;
}

/**
 * Applies one finding and returns a new state (the input is not modified). Findings are absolute
 * (a new one replaces the previous one of its conference entirely), so the last one received wins;
 * for tweet counts that holds per window.
 */
export function applyFinding(state: FindingsState, finding: Finding): FindingsState {
  switch (finding.kind) {
    case 'tweet-counts': {
      const tweetCounts = withLatest(state.tweetCounts, finding.conference, finding);
      const before = state.countWindows.get(finding.conference) ?? [];
      const after = withCountWindow(before, finding);
      const countWindows =
        after === before ? state.countWindows : withLatest(state.countWindows, finding.conference, after);
      return { ...state, tweetCounts, countWindows };
    }
    case 'trending-hashtags':
      return { ...state, trendingHashtags: withLatest(state.trendingHashtags, finding.conference, finding) };
    case 'top-liked':
      return { ...state, topLiked: withLatest(state.topLiked, finding.conference, finding) };
  }
}

/** A state holding exactly these findings (a snapshot's), applied in order. */
export function createFindingsState(findings: Iterable<Finding> = []): FindingsState {
  let state: FindingsState = {
    tweetCounts: new Map(),
    trendingHashtags: new Map(),
    topLiked: new Map(),
    countWindows: new Map(),
  };
  for (const finding of findings) state = applyFinding(state, finding);
  return state;
}
