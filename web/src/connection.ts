// EventSource wiring for /api/updates. The browser's EventSource reconnects by itself after a
// network error (readyState CONNECTING, resending Last-Event-ID). When the server answers with an
// error status or a wrong content type the browser gives up (readyState CLOSED); then we open a
// new EventSource ourselves, with backoff. Re-sent tweets are harmless: the list de-duplicates.
// Besides `tweet` events the stream carries `likes` events ({tweetId, count}) and `alert` events.
// Other named events (`tweet-counts`, `trending-hashtags`, `top-liked`) get no listener, so the
// browser drops them.

import { parseAlert, type Alert } from './alerts';
import { parseLikesEvent, type LikesEvent } from './likes';
import { parseTweet, type Tweet } from './tweet-list';
import type { ConnectionStatus } from './render';

/** The part of EventSource we use; a fake implements it in tests. */
export interface EventSourceLike {
  readonly readyState: number;
  addEventListener(type: string, listener: (event: Event) => void): void;
  close(): void;
}

export type EventSourceFactory = (url: string) => EventSourceLike;

/** EventSource.CLOSED (not read from the global so this module also loads where there is none). */
const CLOSED = 2;

export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [1_000, 2_000, 5_000, 10_000, 30_000];

export interface ConnectOptions {
  readonly url: string;
  /** Called for every valid `tweet` event; malformed events are dropped silently. */
  readonly onTweet: (tweet: Tweet, lastEventId: string) => void;
  /** Called for every valid `likes` event ({tweetId, count}); malformed events are dropped. */
  readonly onLikes?: (event: LikesEvent) => void;
  /** Called for every valid `alert` event; malformed events are dropped. */
  readonly onAlert?: (alert: Alert) => void;
  /** Called on every status change, first with 'connecting'. */
  readonly onStatus: (status: ConnectionStatus) => void;
  readonly createEventSource?: EventSourceFactory;
  /** Delays for re-creating a closed EventSource; the last one repeats. */
  readonly retryDelaysMs?: readonly number[];
  readonly setTimer?: (callback: () => void, ms: number) => unknown;
  readonly clearTimer?: (handle: unknown) => void;
}

export interface Connection {
  readonly status: ConnectionStatus;
  close(): void;
}

export function connect(options: ConnectOptions): Connection {
  const create: EventSourceFactory =
    options.createEventSource ?? ((url) => new EventSource(url));
  const delays = options.retryDelaysMs?.length ? options.retryDelaysMs : DEFAULT_RETRY_DELAYS_MS;
  const setTimer = options.setTimer ?? ((cb: () => void, ms: number) => setTimeout(cb, ms));
  const clearTimer =
    options.clearTimer ?? ((h: unknown) => clearTimeout(h as ReturnType<typeof setTimeout>));

  let status: ConnectionStatus | null = null;
  let source: EventSourceLike | null = null;
  let timer: unknown = null;
  let failures = 0;
  let closed = false;

  const setStatus = (next: ConnectionStatus): void => {
    if (next === status) return;
    status = next;
    options.onStatus(next);
  };

  const open = (): void => {
    timer = null;
    if (closed) return;
    const es = create(options.url);
    source = es;

    es.addEventListener('open', () => {
      if (source !== es) return;
      failures = 0;
      setStatus('live');
    });

    es.addEventListener('error', () => {
      if (source !== es || closed) return;
      setStatus('reconnecting');
      if (es.readyState === CLOSED) {
        // The browser will not retry this one; open a fresh EventSource later.
        es.close();
        source = null;
        const delay = delays[Math.min(failures, delays.length - 1)] ?? 30_000;
        failures++;
        timer = setTimer(open, delay);
      }
    });

    es.addEventListener('tweet', (event) => {
      if (source !== es) return;
      const message = event as MessageEvent<unknown>;
      const tweet = parseTweet(message.data);
      if (tweet === null) return;
      try {
        options.onTweet(tweet, typeof message.lastEventId === 'string' ? message.lastEventId : '');
      } catch (err) {
        console.error('tweet handler failed', err);
      }
    });

    es.addEventListener('likes', (event) => {
      if (source !== es || options.onLikes === undefined) return;
      const likes = parseLikesEvent((event as MessageEvent<unknown>).data);
      if (likes === null) return;
      try {
        options.onLikes(likes);
      } catch (err) {
        console.error('likes handler failed', err);
      }
    });

    es.addEventListener('alert', (event) => {
      if (source !== es || options.onAlert === undefined) return;
      const alert = parseAlert((event as MessageEvent<unknown>).data);
      if (alert === null) return;
      try {
        options.onAlert(alert);
      } catch (err) {
        console.error('alert handler failed', err);
      }
    });
  };

  setStatus('connecting');
  open();

  return {
    get status() {
      return status ?? 'connecting';
    },
    close() {
      closed = true;
      if (timer !== null) clearTimer(timer);
      timer = null;
      source?.close();
      source = null;
    },
  };
}
