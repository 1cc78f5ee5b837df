// The `snapshot` event: the first event of a fresh connection (and the one after a `reset`), the
// server's whole current picture. Validation only; applying it is live-state.ts. Every array may
// be missing, empty, huge or full of garbage: bad entries are skipped, each array is bounded, and
// nothing here throws.

import { MAX_SEEN_ALERT_KEYS, toAlert, type Alert } from '../alerts/alerts';
import {
  MAX_COUNT_WINDOWS,
  MAX_FINDING_CONFERENCES,
  toFinding,
  type FindingKind,
  type TopLiked,
  type TrendingHashtags,
  type TweetCounts,
} from '../findings/findings';
import { MAX_KNOWN_COUNTS, toLikesEvent, type LikesEvent } from '../likes/likes';
import { MAX_TWEETS, toTweet, type Tweet } from '../tweets/tweet-list';
import { parseJsonData } from '../json';

/** Alerts kept from a snapshot (the newest ones); more could never be shown anyway. */
export const MAX_SNAPSHOT_ALERTS = Math.min(100, MAX_SEEN_ALERT_KEYS);

/**
 * Entries looked at per array beyond the number kept: an array of a million bad entries must not
 * cost a million validations. (JSON.parse has already run by then; the browser received it all.)
 */
export const SNAPSHOT_SCAN_FACTOR = 4;

export interface Snapshot {
  /** Newest first as sent, unique tweetIds (first one wins), at most MAX_TWEETS. */
  readonly tweets: readonly Tweet[];
  /** Server like counts, unique tweetIds (last one wins), at most MAX_KNOWN_COUNTS. */
  readonly likes: readonly LikesEvent[];
  readonly tweetCounts: readonly TweetCounts[];
  readonly trendingHashtags: readonly TrendingHashtags[];
  readonly topLiked: readonly TopLiked[];
  /** Oldest first as sent, at most MAX_SNAPSHOT_ALERTS (the newest ones). */
  readonly alerts: readonly Alert[];
}

/** Up to `max` valid entries, looked for from the start (or from the end: `fromEnd`, order kept). */
function collect<T>(value: unknown, max: number, parse: (entry: unknown) => T | null, fromEnd = false): T[] {
  if (!Array.isArray(value)) return [];
  const out: T[] = [];
  const scan = Math.min(value.length, max * SNAPSHOT_SCAN_FACTOR);
  for (let n = 0; n < scan && out.length < max; n++) {
    const entry = parse(value[fromEnd ? value.length - 1 - n : n]);
    if (entry !== null) out.push(entry);
  }
  return fromEnd ? out.reverse() : out;
}

/** Tweet-count windows kept from a snapshot: up to MAX_COUNT_WINDOWS per conference. */
export const MAX_SNAPSHOT_COUNT_WINDOWS = MAX_FINDING_CONFERENCES * MAX_COUNT_WINDOWS;

function findings<T>(value: unknown, kind: FindingKind, max: number = MAX_FINDING_CONFERENCES): T[] {
  return collect(value, max, (e) => toFinding(kind, e) as T | null);
}

/**
 * Validates an already-parsed snapshot. Null (never throws) when it is not a JSON object at all;
 * otherwise every missing or non-array field is an empty list and bad entries are skipped.
 */
export function toSnapshot(value: unknown): Snapshot | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const o = value as Record<string, unknown>;

  const seenTweets = new Set<string>();
  const tweets = collect(o['tweets'], MAX_TWEETS, (e) => {
    const tweet = toTweet(e);
    if (tweet === null || seenTweets.has(tweet.tweetId)) return null;
    seenTweets.add(tweet.tweetId);
    return tweet;
  });

  const counts = new Map<string, number>();
  for (const like of collect(o['likes'], MAX_KNOWN_COUNTS, toLikesEvent)) counts.set(like.tweetId, like.count);

  return {
    tweets,
    likes: [...counts].map(([tweetId, count]) => ({ tweetId, count })),
    tweetCounts: findings<TweetCounts>(o['tweetCounts'], 'tweet-counts', MAX_SNAPSHOT_COUNT_WINDOWS),
    trendingHashtags: findings<TrendingHashtags>(o['trendingHashtags'], 'trending-hashtags'),
    topLiked: findings<TopLiked>(o['topLiked'], 'top-liked'),
    alerts: collect(o['alerts'], MAX_SNAPSHOT_ALERTS, toAlert, true),
  };
}

/** Parses the `data:` of an SSE `snapshot` event; never throws, null when malformed. */
export function parseSnapshot(data: unknown): Snapshot | null {
  const value = parseJsonData(data);
  return value === undefined ? null : toSnapshot(value);
}
