// Like requests: POST/DELETE /api/tweets/{tweetId}/likes, over the like state in the page store.
// fetch is injected (tests never hit the network); the state transitions are the pure ones from
// likes.ts. Every change calls onChange (the page schedules one render per frame).

import {
  applyLikeAnswer,
  applyServerCount,
  createLikesState,
  likeFailureMessage,
  likeUrl,
  likedIdsOf,
  parseLikeAnswer,
  replaceServerCounts,
  revertLike,
  toggleLike,
  type KeepId,
  type LikesEvent,
  type LikesState,
} from './likes';
import { localSlice, type Slice } from '../live/page-store';

/** The part of Response we read. */
export interface ResponseLike {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  json(): Promise<unknown>;
}

export type FetchLike = (url: string, init: RequestInit) => Promise<ResponseLike>;

/** A like request that has not been answered by then is aborted and reverted. */
export const LIKE_TIMEOUT_MS = 10_000;

export interface LikesControllerOptions {
  readonly viewerId: string;
  readonly fetch: FetchLike;
  /** Ids this viewer liked earlier (from storage), oldest first. */
  readonly initialLiked?: Iterable<string>;
  /** Called after every state change. */
  readonly onChange?: (state: LikesState) => void;
  /** Short message for the viewer when a request failed (shown in #notice). */
  readonly onNotice?: (message: string) => void;
  /** Persists the liked ids (oldest first) whenever they change. */
  readonly saveLiked?: (ids: readonly string[]) => void;
  /** Ids that must not be evicted from the bounded maps: the tweets on the page. */
  readonly keep?: KeepId;
  readonly timeoutMs?: number;
  readonly now?: () => number;
  /** Where the like state lives (the page's store); by default a slice of its own from `initialLiked`. */
  readonly store?: Slice<LikesState>;
}

export interface LikesController {
  readonly state: LikesState;
  /**
   * Click on a like button: optimistic toggle, then the request. Resolves once the answer (or the
   * failure) is applied; resolves at once when a request for this tweet is still in flight.
   */
  toggle(tweetId: string): Promise<void>;
  /** A live `likes` event. */
  applyCount(event: LikesEvent): void;
  /** A snapshot's counts: replace every server count (own likes and requests in flight stay). */
  replaceCounts(events: Iterable<LikesEvent>): void;
}

export function createLikesController(options: LikesControllerOptions): LikesController {
  const keep: KeepId = options.keep ?? (() => false);
  const timeoutMs = options.timeoutMs ?? LIKE_TIMEOUT_MS;
  const now = options.now ?? (() => Date.now());
  const store = options.store ?? localSlice(createLikesState(options.initialLiked ?? []));

  const set = (next: LikesState): void => {
    const state = store.get();
    if (next === state) return;
    const likedChanged = next.liked !== state.liked;
    store.set(next);
    if (likedChanged) {
      try {
        options.saveLiked?.(likedIdsOf(next));
      } catch (err) {
        console.error('saving liked tweets failed', err);
      }
    }
    options.onChange?.(next);
  };

  const fail = (tweetId: string, like: boolean, status: number | null, retryAfter: string | null): void => {
    set(revertLike(store.get(), tweetId, keep));
    options.onNotice?.(likeFailureMessage(like, status, retryAfter, now()));
  };

  const request = async (tweetId: string, like: boolean): Promise<void> => {
    // The timeout covers the whole exchange (headers and body); abort makes both reject.
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), timeoutMs);
    try {
      let response: ResponseLike;
      try {
        response = await options.fetch(likeUrl(tweetId), {
          method: like ? 'POST' : 'DELETE',
          headers: { Accept: 'application/json', 'X-Viewer-Id': options.viewerId },
          credentials: 'same-origin',
          cache: 'no-store',
          signal: abort.signal,
        });
      } catch {
        fail(tweetId, like, null, null);
        return;
      }
      if (response.status !== 200 && response.status !== 202) {
        fail(tweetId, like, response.status, response.headers.get('Retry-After'));
        return;
      }
      let body: unknown = null;
      try {
        body = await response.json();
      } catch {
        // handled below as a malformed answer
      }
      const answer = parseLikeAnswer(response.status, body, tweetId);
      if (answer === null) {
        fail(tweetId, like, 500, null);
        return;
      }
      set(applyLikeAnswer(store.get(), answer, keep));
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    get state() {
      return store.get();
    },
    async toggle(tweetId) {
      const toggled = toggleLike(store.get(), tweetId, keep);
      if (toggled === null) return;
      set(toggled.state);
      await request(tweetId, toggled.like);
    },
    applyCount(event) {
      set(applyServerCount(store.get(), event.tweetId, event.count, keep));
    },
    replaceCounts(events) {
      set(replaceServerCounts(store.get(), events, keep));
    },
  };
}
