// The page's one store: everything the page shows — the tweets, the findings, the like counts with the
// viewer's own likes, the alerts — is one immutable value here. Every SSE event and every like answer
// changes it through a slice; the live state, the like requests and the alerts' timer are behaviour over
// their slice, not owners of state. Subscribers hear of each change (the page schedules one render a frame).

import type { AlertsState } from '../alerts/alerts';
import type { FindingsState } from '../findings/findings';
import type { LikesState } from '../likes/likes';
import type { TweetListState } from '../tweets/tweet-list';

export interface PageState {
  readonly tweets: TweetListState;
  readonly findings: FindingsState;
  readonly likes: LikesState;
  readonly alerts: AlertsState;
}

/** One part of the state: read it, replace it. */
export interface Slice<S> {
  get(): S;
  set(next: S): void;
}

export type PageListener = (state: PageState, changed: keyof PageState) => void;

export interface PageStore {
  readonly state: PageState;
  slice<K extends keyof PageState>(key: K): Slice<PageState[K]>;
  /** Called after every change; returns the unsubscribe. */
  subscribe(listener: PageListener): () => void;
}

export function createPageStore(initial: PageState): PageStore {
  let state = initial;
  const listeners = new Set<PageListener>();
  return {
    get state() {
      return state;
    },
    slice(key) {
      return {
        get: () => state[key],
        set: (next) => {
          if (next === state[key]) return;
          state = { ...state, [key]: next };
          for (const listener of [...listeners]) listener(state, key);
        },
      };
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** A slice of its own, for a part used without the page (tests, a single view). */
export function localSlice<S>(initial: S): Slice<S> {
  let value = initial;
  return {
    get: () => value,
    set: (next) => {
      value = next;
    },
  };
}
