// EventSource wiring for /api/updates. The browser's EventSource reconnects by itself after a
// network error (readyState CONNECTING, resending Last-Event-ID), and the server continues right
// after that event. When the server answers with an error status or a wrong content type the
// browser gives up (readyState CLOSED); then we open a new EventSource ourselves, with backoff.
// We cannot set Last-Event-ID on it, so the last event id goes into the query (?lastEventId=).
//
// Protocol: a fresh connection starts with `snapshot` (the whole current picture); a resumed one
// continues with live events (`tweet`, `likes`, `alert`, `tweet-counts`, `trending-hashtags`,
// `top-liked`). When the server cannot resume it sends `reset` and then a `snapshot`.
// Every event has an id, so we listen to every named event, if only to remember its id.

import { parseAlert, type Alert } from '../alerts/alerts';
import { paramName } from '../filter/filter';
import { FINDING_KINDS, parseFinding, type Finding } from '../findings/findings';
import { parseLikesEvent, type LikesEvent } from '../likes/likes';
import { parseSnapshot, type Snapshot } from './snapshot';
import { parseTweet, type Tweet } from '../tweets/tweet-list';
import type { ConnectionStatus } from '../tweets/tweet-list-view';

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

/** Query parameter that carries the last event id when we open a new EventSource ourselves. */
export const LAST_EVENT_ID_PARAM = 'lastEventId';

/**
 * Longest event id remembered. Ids are short (`tw.10.0`), but a position over many partitions may
 * be longer; a longer one is not remembered (resuming from the previous id re-sends a few events,
 * which are de-duplicated, instead of building a URL no server accepts).
 */
export const MAX_EVENT_ID_LENGTH = 4_096;


/**
 * `url` with `lastEventId=<id>` (URL-encoded) in its query. Every other query parameter is kept
 * byte for byte (e.g. a conference filter); an existing lastEventId is replaced.
 */
export function withLastEventId(url: string, lastEventId: string): string {
  const hashAt = url.indexOf('#');
  const hash = hashAt >= 0 ? url.slice(hashAt) : '';
  const beforeHash = hashAt >= 0 ? url.slice(0, hashAt) : url;
  const queryAt = beforeHash.indexOf('?');
  const path = queryAt >= 0 ? beforeHash.slice(0, queryAt) : beforeHash;
  const params =
    queryAt >= 0
      ? beforeHash
          .slice(queryAt + 1)
          .split('&')
          .filter((pair) => pair.length > 0 && paramName(pair) !== LAST_EVENT_ID_PARAM)
      : [];
  params.push(`${LAST_EVENT_ID_PARAM}=${encodeURIComponent(lastEventId)}`);
  return `${path}?${params.join('&')}${hash}`;
}

export interface ConnectOptions {
  readonly url: string;
  /** Called for every valid `tweet` event; malformed events are dropped silently. */
  readonly onTweet: (tweet: Tweet, lastEventId: string) => void;
  /** Called for every valid `likes` event ({tweetId, count}); malformed events are dropped. */
  readonly onLikes?: (event: LikesEvent) => void;
  /** Called for every valid `alert` event; malformed events are dropped. */
  readonly onAlert?: (alert: Alert) => void;
  /**
   * Called for every `snapshot` (validated; bad entries skipped): replace the state with it.
   * A snapshot that is not a JSON object at all is dropped.
   */
  readonly onSnapshot?: (snapshot: Snapshot) => void;
  /** Called for every valid `tweet-counts`, `trending-hashtags` and `top-liked` event. */
  readonly onFinding?: (finding: Finding) => void;
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
  /** The id of the last event received (of any type); null before the first one. */
  readonly lastEventId: string | null;
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
  let lastEventId: string | null = null;

  const setStatus = (next: ConnectionStatus): void => {
    if (next === status) return;
    status = next;
    try {
      options.onStatus(next);
    } catch (err) {
      // Called from event listeners: nothing may escape into the event loop.
      console.error('status handler failed', err);
    }
  };

  const call = <T>(what: string, handler: ((value: T) => void) | undefined, value: T | null): void => {
    if (handler === undefined || value === null) return;
    try {
      handler(value);
    } catch (err) {
      console.error(`${what} handler failed`, err);
    }
  };

  const open = (): void => {
    timer = null;
    if (closed) return;
    // A first connection gets a snapshot; a new one of ours resumes after the last event seen.
    const es = create(lastEventId === null ? options.url : withLastEventId(options.url, lastEventId));
    source = es;

    /**
     * A named event of the current source: remember its id (also when the data is malformed:
     * the server has moved past it either way), then hand its data to `handle`.
     */
    const on = (type: string, handle: (data: unknown, id: string) => void): void => {
      es.addEventListener(type, (event) => {
        if (source !== es) return;
        const message = event as MessageEvent<unknown>;
        const id = typeof message.lastEventId === 'string' ? message.lastEventId : '';
        if (id.length > 0 && id.length <= MAX_EVENT_ID_LENGTH) lastEventId = id;
        handle(message.data, id);
      });
    };

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

    on('tweet', (data, id) => {
      const tweet = parseTweet(data);
      if (tweet !== null) call('tweet', (t: Tweet) => options.onTweet(t, id), tweet);
    });
    on('likes', (data) => {
      if (options.onLikes !== undefined) call('likes', options.onLikes, parseLikesEvent(data));
    });
    on('alert', (data) => {
      if (options.onAlert !== undefined) call('alert', options.onAlert, parseAlert(data));
    });
    for (const kind of FINDING_KINDS) {
      on(kind, (data) => {
        if (options.onFinding !== undefined) call(kind, options.onFinding, parseFinding(kind, data));
      });
    }
    // The reason is for people reading the stream; the page only shows that it resynchronises.
    on('reset', () => setStatus('reset'));
    on('snapshot', (data) => {
      if (options.onSnapshot !== undefined) call('snapshot', options.onSnapshot, parseSnapshot(data));
      setStatus('live');
    });
  };

  setStatus('connecting');
  open();

  return {
    get status() {
      return status ?? 'connecting';
    },
    get lastEventId() {
      return lastEventId;
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
