// Pure tweet state: parsing/validation of incoming payloads and a bounded, de-duplicated,
// newest-first list. No DOM access here, so everything is unit-testable in plain Node.

import { parseJsonData } from '../json';

/** Maximum number of tweets kept (and rendered). Older ones are dropped. */
export const MAX_TWEETS = 200;

/** Upper bound on hashtags kept per tweet (hostile payloads must not explode the DOM). */
export const MAX_HASHTAGS = 30;

/**
 * A tweet as pushed by the server (camelCase JSON of TweetReceived v1).
 * Ids are strings end to end: tweet ids exceed Number.MAX_SAFE_INTEGER.
 */
export interface Tweet {
  readonly version: number;
  readonly tweetId: string;
  readonly text: string;
  readonly author: string;
  readonly authorImageUrl: string | null;
  readonly hashtags: readonly string[];
  /** The tracked conference tag that matched; null when none did (absent in JSON). */
  readonly conference: string | null;
  /** ISO-8601 timestamp as sent; null when absent or not a string. */
  readonly createdAt: string | null;
  readonly receivedAt: string | null;
  readonly language: string | null;
  readonly isRetweet: boolean;
  readonly originalTweetId: string | null;
  readonly link: string | null;
  readonly source: string | null;
}

/** A tweet plus the bookkeeping needed for ordering. */
export interface TweetEntry {
  readonly tweet: Tweet;
  /** Milliseconds used for ordering: createdAt, else receivedAt, else local arrival time. */
  readonly sortTime: number;
  /** Arrival sequence number (monotonic per state); breaks ties, later arrival first. */
  readonly seq: number;
}

export interface TweetListState {
  /** Newest first, at most `limit` entries. */
  readonly entries: readonly TweetEntry[];
  /** tweetIds currently in `entries`. */
  readonly ids: ReadonlySet<string>;
  readonly nextSeq: number;
  readonly limit: number;
}

export function createTweetListState(limit: number = MAX_TWEETS): TweetListState {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RangeError(`limit must be a positive integer, got ${limit}`);
  }
  return { entries: [], ids: new Set(), nextSeq: 0, limit };
}

function optionalString(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

function parseTime(value: string | null): number | null {
  if (value === null) return null;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}

/**
 * Validates an already-parsed JSON value into a Tweet.
 * Returns null (never throws) when tweetId, text or author is not a string, or tweetId is empty.
 * A numeric tweetId is rejected on purpose: its precision may already be lost.
 */
export function toTweet(value: unknown): Tweet | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const o = value as Record<string, unknown>;
  const { tweetId, text, author } = o;
  if (typeof tweetId !== 'string' || tweetId.length === 0) return null;
  if (typeof text !== 'string' || typeof author !== 'string') return null;

  const hashtags: string[] = [];
  if (Array.isArray(o['hashtags'])) {
    const seen = new Set<string>();
    for (const raw of o['hashtags']) {
      if (typeof raw !== 'string') continue;
      const tag = raw.replace(/^#+/, '').trim();
      if (tag.length === 0 || seen.has(tag.toLowerCase())) continue;
      seen.add(tag.toLowerCase());
      hashtags.push(tag);
      if (hashtags.length >= MAX_HASHTAGS) break;
    }
  }

  return {
    version: typeof o['version'] === 'number' ? o['version'] : 1,
    tweetId,
    text,
    author,
    authorImageUrl: optionalString(o['authorImageUrl']),
    hashtags,
    conference: optionalString(o['conference']),
    createdAt: optionalString(o['createdAt']),
    receivedAt: optionalString(o['receivedAt']),
    language: optionalString(o['language']),
    isRetweet: o['isRetweet'] === true,
    // Same rule as tweetId: only a string id is trustworthy.
    originalTweetId: optionalString(o['originalTweetId']),
    link: optionalString(o['link']),
    source: optionalString(o['source']),
  };
}

/**
 * Parses the `data:` of an SSE `tweet` event. Malformed JSON or an invalid tweet yields null;
 * this never throws, so a bad event cannot break the event loop.
 */
export function parseTweet(data: unknown): Tweet | null {
  const value = parseJsonData(data);
  return value === undefined ? null : toTweet(value);
}

/** Newest first: larger sortTime first; on equal time the later arrival (larger seq) first. */
function compareEntries(a: TweetEntry, b: TweetEntry): number {
  if (a.sortTime !== b.sortTime) return b.sortTime > a.sortTime ? 1 : -1;
  return b.seq - a.seq;
}

/**
 * Adds tweets (in arrival order) and returns a new state; the input state is not modified.
 * - A tweet whose tweetId is already present (or repeated in the batch) is ignored: first one wins.
 * - Ordered newest first by createdAt (falling back to receivedAt, then `now`), then by arrival.
 * - At most `state.limit` entries are kept; the oldest are dropped.
 * Returns the very same state object when nothing changed, so callers can skip re-rendering.
 */
export function addTweets(
  state: TweetListState,
  tweets: Iterable<Tweet>,
  now: number = Date.now(),
): TweetListState {
  let seq = state.nextSeq;
  const fresh: TweetEntry[] = [];
  const batchIds = new Set<string>();
  for (const tweet of tweets) {
    if (state.ids.has(tweet.tweetId) || batchIds.has(tweet.tweetId)) continue;
    batchIds.add(tweet.tweetId);
    const sortTime = parseTime(tweet.createdAt) ?? parseTime(tweet.receivedAt) ?? now;
    fresh.push({ tweet, sortTime, seq: seq++ });
  }
  if (fresh.length === 0) return state;

  const merged = [...state.entries, ...fresh].sort(compareEntries);
  const entries = merged.length > state.limit ? merged.slice(0, state.limit) : merged;
  if (entries.length === state.entries.length && entries.every((e, i) => e === state.entries[i])) {
    // Every new tweet was older than everything kept and fell off the end: nothing visible changed.
    return state;
  }
  return {
    entries,
    ids: new Set(entries.map((e) => e.tweet.tweetId)),
    nextSeq: seq,
    limit: state.limit,
  };
}

export function addTweet(state: TweetListState, tweet: Tweet, now?: number): TweetListState {
  return addTweets(state, [tweet], now);
}

/**
 * Replaces the whole list with `tweets` (newest first, as a snapshot sends them): nothing of the
 * old list survives. Same rules as addTweets (first tweetId wins, ordered by time,
 * bounded); tweets with equal times keep the given order. Always returns a new state.
 */
export function replaceTweets(
  state: TweetListState,
  tweets: Iterable<Tweet>,
  now: number = Date.now(),
): TweetListState {
  const unique = new Map<string, Tweet>();
  for (const tweet of tweets) if (!unique.has(tweet.tweetId)) unique.set(tweet.tweetId, tweet);
  // addTweets puts the later arrival first on equal times, so hand them over oldest first.
  const oldestFirst = [...unique.values()].reverse();
  const empty: TweetListState = { entries: [], ids: new Set(), nextSeq: state.nextSeq, limit: state.limit };
  return addTweets(empty, oldestFirst, now);
}

/** The tweets, newest first. */
export function tweetsOf(state: TweetListState): Tweet[] {
  return state.entries.map((e) => e.tweet);
}
