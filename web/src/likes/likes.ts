// Pure like state: the viewer's own liked tweets, the latest like counts pushed by the server,
// optimistic changes and in-flight requests, plus validation of everything the server sends.
// No DOM, no fetch, no storage here: everything is unit-testable in plain Node.
//
// Rules:
// - Counts from the server (SSE `likes` events, 200 answers) win over optimistic counts.
// - An optimistic count lives until a server count for that tweet arrives (a 202 answer keeps it).
// - A failed request reverts the click (liked state and, unless the server sent a count meanwhile,
//   the optimistic count).
// - Tweet ids stay strings end to end.

/** Latest server counts remembered (shown or not yet shown tweets). */
export const MAX_KNOWN_COUNTS = 1_000;

/** Tweet ids this viewer liked, remembered across reloads (most recent last). */
export const MAX_LIKED_IDS = 500;

/** Longest tweet id accepted from storage (ids are decimal strings of ~19 digits). */
export const MAX_TWEET_ID_LENGTH = 128;

/** localStorage keys. */
export const VIEWER_ID_KEY = 'tweetplatform.viewerId';
export const LIKED_TWEETS_KEY = 'tweetplatform.likedTweets';

/** What the server accepts as X-Viewer-Id. */
export const VIEWER_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

export function isValidViewerId(value: unknown): value is string {
  return typeof value === 'string' && VIEWER_ID_PATTERN.test(value);
}

/** An in-flight like/unlike request and what to restore if it fails. */
export interface PendingLike {
  /** The liked state the request asks for. */
  readonly liked: boolean;
  /** Liked state before the click. */
  readonly prevLiked: boolean;
  /** Optimistic count before the click (undefined: there was none). */
  readonly prevOptimistic: number | undefined;
  /** A server count arrived after the click: never restore an older optimistic count over it. */
  readonly serverCountSeen: boolean;
}

export interface LikesState {
  /** Latest server counts by tweetId; insertion order = recency, bounded. */
  readonly counts: ReadonlyMap<string, number>;
  /** Local guesses shown instead of `counts` until the server sends a count for that tweet. */
  readonly optimistic: ReadonlyMap<string, number>;
  /** Tweet ids liked by this viewer; insertion order = recency, bounded. */
  readonly liked: ReadonlySet<string>;
  /** Requests in flight, by tweetId (at most one per tweet). */
  readonly pending: ReadonlyMap<string, PendingLike>;
  readonly maxCounts: number;
  readonly maxLiked: number;
}

/** What one like button shows. */
export interface LikeView {
  readonly liked: boolean;
  readonly count: number;
  /** A request for this tweet is in flight (the button is disabled). */
  readonly busy: boolean;
}

/** Ids that must not be evicted from the bounded maps (e.g. the tweets currently shown). */
export type KeepId = (tweetId: string) => boolean;

const keepNothing: KeepId = () => false;

export function createLikesState(
  likedIds: Iterable<string> = [],
  maxCounts: number = MAX_KNOWN_COUNTS,
  maxLiked: number = MAX_LIKED_IDS,
): LikesState {
  for (const [name, value] of [['maxCounts', maxCounts], ['maxLiked', maxLiked]] as const) {
    if (!Number.isInteger(value) || value < 1) {
      throw new RangeError(`${name} must be a positive integer, got ${value}`);
    }
  }
  const liked = new Set<string>();
  for (const id of likedIds) {
    if (!isTweetId(id)) continue;
    liked.delete(id);
    liked.add(id);
  }
  trimOldest(liked, maxLiked, keepNothing);
  return { counts: new Map(), optimistic: new Map(), liked, pending: new Map(), maxCounts, maxLiked };
}

function isTweetId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_TWEET_ID_LENGTH;
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** Removes the oldest entries (except kept ones, and never `latest`) until size <= limit. */
function trimOldest(
  collection: Map<string, unknown> | Set<string>,
  limit: number,
  keep: KeepId,
  latest?: string,
): void {
  if (collection.size <= limit) return;
  for (const id of [...collection.keys()]) {
    if (collection.size <= limit) return;
    if (id !== latest && !keep(id)) collection.delete(id);
  }
  // Everything left is kept: drop the oldest anyway, the bound is hard.
  for (const id of [...collection.keys()]) {
    if (collection.size <= limit) return;
    if (id !== latest) collection.delete(id);
  }
}

function withLatest<V>(map: ReadonlyMap<string, V>, id: string, value: V, limit: number, keep: KeepId): Map<string, V> {
  const next = new Map(map);
  next.delete(id);
  next.set(id, value);
  trimOldest(next, limit, keep, id);
  return next;
}

function without<V>(map: ReadonlyMap<string, V>, id: string): ReadonlyMap<string, V> {
  if (!map.has(id)) return map;
  const next = new Map(map);
  next.delete(id);
  return next;
}

function withLiked(state: LikesState, id: string, liked: boolean, keep: KeepId): ReadonlySet<string> {
  if (!liked) {
    if (!state.liked.has(id)) return state.liked;
    const next = new Set(state.liked);
    next.delete(id);
    return next;
  }
  const next = new Set(state.liked);
  next.delete(id);
  next.add(id);
  trimOldest(next, state.maxLiked, keep, id);
  return next;
}

function withOptimistic(
  state: LikesState,
  id: string,
  count: number | undefined,
  keep: KeepId,
): ReadonlyMap<string, number> {
  return count === undefined ? without(state.optimistic, id) : withLatest(state.optimistic, id, count, state.maxCounts, keep);
}

/**
 * What the button of `tweetId` shows. Count: optimistic guess, else the server count, else
 * (never heard of) 1 when this viewer liked it and 0 otherwise.
 */
export function likeViewOf(state: LikesState, tweetId: string): LikeView {
  const liked = state.liked.has(tweetId);
  const count = state.optimistic.get(tweetId) ?? state.counts.get(tweetId) ?? (liked ? 1 : 0);
  return { liked, count, busy: state.pending.has(tweetId) };
}

export function sameLikeView(a: LikeView, b: LikeView): boolean {
  return a.liked === b.liked && a.count === b.count && a.busy === b.busy;
}

export interface ToggleResult {
  readonly state: LikesState;
  /** The liked state to send: true = POST, false = DELETE. */
  readonly like: boolean;
}

/**
 * Optimistic click: flips liked, moves the count by one (never below 0) and records a pending
 * request. Returns null while a request for this tweet is still in flight (no double requests).
 */
export function toggleLike(state: LikesState, tweetId: string, keep: KeepId = keepNothing): ToggleResult | null {
  if (!isTweetId(tweetId) || state.pending.has(tweetId)) return null;
  const current = likeViewOf(state, tweetId);
  const like = !current.liked;
  const count = Math.max(0, current.count + (like ? 1 : -1));
  const pending: PendingLike = {
    liked: like,
    prevLiked: current.liked,
    prevOptimistic: state.optimistic.get(tweetId),
    serverCountSeen: false,
  };
  const pendingMap = new Map(state.pending);
  pendingMap.set(tweetId, pending);
  return {
    like,
    state: {
      ...state,
      liked: withLiked(state, tweetId, like, keep),
      optimistic: withOptimistic(state, tweetId, count, keep),
      pending: pendingMap,
    },
  };
}

/** A server count (SSE `likes` event): stored (bounded) and it replaces any optimistic count. */
export function applyServerCount(
  state: LikesState,
  tweetId: string,
  count: number,
  keep: KeepId = keepNothing,
): LikesState {
  if (!isTweetId(tweetId) || !isCount(count)) return state;
  if (state.counts.get(tweetId) === count && !state.optimistic.has(tweetId) && !state.pending.has(tweetId)) {
    return state; // nothing visible changes (a repeated event), so no re-render either
  }
  let pending = state.pending;
  const p = pending.get(tweetId);
  if (p !== undefined && !p.serverCountSeen) {
    const next = new Map(pending);
    next.set(tweetId, { ...p, prevOptimistic: undefined, serverCountSeen: true });
    pending = next;
  }
  return {
    ...state,
    counts: withLatest(state.counts, tweetId, count, state.maxCounts, keep),
    optimistic: without(state.optimistic, tweetId),
    pending,
  };
}

/**
 * All server counts at once (a `snapshot`): the known counts become exactly these (bounded), so a
 * count of a tweet the snapshot does not mention is forgotten. What only this viewer knows stays:
 * liked ids, requests in flight, and optimistic counts of tweets the snapshot has no count for.
 * For each tweet it does have a count for, the same rules as applyServerCount apply.
 */
export function replaceServerCounts(
  state: LikesState,
  events: Iterable<LikesEvent>,
  keep: KeepId = keepNothing,
): LikesState {
  const counts = new Map<string, number>();
  for (const { tweetId, count } of events) {
    if (!isTweetId(tweetId) || !isCount(count)) continue;
    counts.delete(tweetId);
    counts.set(tweetId, count);
  }
  trimOldest(counts, state.maxCounts, keep);

  let optimistic = state.optimistic;
  let pending = state.pending;
  for (const tweetId of counts.keys()) {
    optimistic = without(optimistic, tweetId);
    const p = pending.get(tweetId);
    if (p !== undefined && !p.serverCountSeen) {
      const next = new Map(pending);
      next.set(tweetId, { ...p, prevOptimistic: undefined, serverCountSeen: true });
      pending = next;
    }
  }
  return { ...state, counts, optimistic, pending };
}

/** Restores what the optimistic click changed (keeps a server count that arrived meanwhile). */
function undo(state: LikesState, tweetId: string, p: PendingLike, keep: KeepId): LikesState {
  return {
    ...state,
    liked: withLiked(state, tweetId, p.prevLiked, keep),
    optimistic: p.serverCountSeen ? state.optimistic : withOptimistic(state, tweetId, p.prevOptimistic, keep),
  };
}

/** The request failed (4xx/5xx/network): back to the state before the click. */
export function revertLike(state: LikesState, tweetId: string, keep: KeepId = keepNothing): LikesState {
  const p = state.pending.get(tweetId);
  if (p === undefined) return state;
  return { ...undo(state, tweetId, p, keep), pending: without(state.pending, tweetId) };
}

/** A validated 200 (count known) or 202 (count null: not known yet) answer. */
export interface LikeAnswer {
  readonly tweetId: string;
  readonly liked: boolean;
  readonly count: number | null;
}

/**
 * Applies the server's answer: its liked state is authoritative for this viewer. A 200 count
 * replaces every other count; on a 202 the optimistic count stays (a `likes` event follows),
 * unless the server's liked state contradicts the click, then the optimistic change is undone.
 */
export function applyLikeAnswer(state: LikesState, answer: LikeAnswer, keep: KeepId = keepNothing): LikesState {
  const id = answer.tweetId;
  const p = state.pending.get(id);
  let next: LikesState = { ...state, pending: without(state.pending, id) };
  if (answer.count !== null) {
    next = { ...next, counts: withLatest(next.counts, id, answer.count, next.maxCounts, keep), optimistic: without(next.optimistic, id) };
  } else if (p !== undefined && p.liked !== answer.liked) {
    next = undo(next, id, p, keep);
  }
  return { ...next, liked: withLiked(next, id, answer.liked, keep) };
}

/** The ids to persist, oldest first (at most maxLiked). */
export function likedIdsOf(state: LikesState): string[] {
  return [...state.liked];
}

// ---- payload validation -------------------------------------------------------------------

export interface LikesEvent {
  readonly tweetId: string;
  readonly count: number;
}

/** Validates an already-parsed `likes` event: string tweetId, non-negative integer count. */
export function toLikesEvent(value: unknown): LikesEvent | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const { tweetId, count } = value as Record<string, unknown>;
  if (!isTweetId(tweetId) || !isCount(count)) return null;
  return { tweetId, count };
}

/** Parses the `data:` of an SSE `likes` event; never throws, null when malformed. */
export function parseLikesEvent(data: unknown): LikesEvent | null {
  if (typeof data !== 'string') return null;
  try {
    return toLikesEvent(JSON.parse(data));
  } catch {
    return null;
  }
}

/**
 * Validates the JSON body of a 200/202 answer for `tweetId`. 200 needs a count, 202 has none.
 * Returns null for any other status, a different tweetId or malformed fields.
 */
export function parseLikeAnswer(status: number, body: unknown, tweetId: string): LikeAnswer | null {
  if (status !== 200 && status !== 202) return null;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
  const o = body as Record<string, unknown>;
  if (o['tweetId'] !== tweetId || typeof o['liked'] !== 'boolean') return null;
  if (status === 202) return { tweetId, liked: o['liked'], count: null };
  const count = o['count'];
  if (!isCount(count)) return null;
  return { tweetId, liked: o['liked'], count };
}

/** Parses the stored liked ids (JSON array of strings); anything else yields []. Keeps the newest. */
export function parseStoredLikedIds(raw: string | null, max: number = MAX_LIKED_IDS): string[] {
  if (raw === null) return [];
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  const ids = new Set<string>();
  for (const id of value) {
    if (!isTweetId(id)) continue;
    ids.delete(id);
    ids.add(id);
  }
  return [...ids].slice(-max);
}

// ---- requests and messages ----------------------------------------------------------------

/** Same-origin URL of the like resource of a tweet. */
export function likeUrl(tweetId: string): string {
  return `/api/tweets/${encodeURIComponent(tweetId)}/likes`;
}

/** Seconds to wait from a Retry-After value (delta-seconds or HTTP date); null when unusable. */
export function retryAfterSeconds(value: string | null, now: number = Date.now()): number | null {
  if (value === null) return null;
  const text = value.trim();
  if (/^\d{1,9}$/.test(text)) return +text;
  const at = Date.parse(text);
  if (!Number.isFinite(at)) return null;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

/** Short, non-technical message for a failed like request (status null: no answer at all). */
export function likeFailureMessage(
  like: boolean,
  status: number | null,
  retryAfter: string | null = null,
  now: number = Date.now(),
): string {
  const what = like ? 'like' : 'unlike';
  if (status === null) return `Could not reach the server; your ${what} was not saved.`;
  if (status === 404) return 'That tweet is not known (any more).';
  if (status === 429) {
    const seconds = retryAfterSeconds(retryAfter, now);
    return seconds !== null && seconds > 0
      ? `Too many likes. Try again in ${seconds} s.`
      : 'Too many likes. Try again in a moment.';
  }
  if (status >= 500) return `Likes are unavailable right now; your ${what} was not saved.`;
  return `Your ${what} was not saved.`;
}
