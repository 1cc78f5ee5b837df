// DOM creation for the tweet list. Everything that comes from the server is treated as hostile:
// nodes are built with createElement and filled with textContent only (never HTML parsing),
// and nothing is styled inline (the page runs under style-src 'self').

import type { Tweet, TweetListState } from './tweet-list';

/** Shown when a tweet has no conference. */
export const NO_CONFERENCE = '—';

/** Shown when a tweet has no usable createdAt. */
export const UNKNOWN_TIME = '—';

export interface FormattedTime {
  /** Short local time (with a short date when not today); '—' when unknown. */
  readonly text: string;
  /** Normalised ISO string for the datetime attribute; null when unknown. */
  readonly dateTime: string | null;
}

export function formatTime(iso: string | null, now: Date = new Date(), locale?: string): FormattedTime {
  const ms = iso === null ? NaN : Date.parse(iso);
  if (!Number.isFinite(ms)) return { text: UNKNOWN_TIME, dateTime: null };
  const date = new Date(ms);
  const sameDay =
    date.getFullYear() === now.getFullYear() &&
    date.getMonth() === now.getMonth() &&
    date.getDate() === now.getDate();
  const format = new Intl.DateTimeFormat(
    locale,
    sameDay ? { timeStyle: 'short' } : { dateStyle: 'short', timeStyle: 'short' },
  );
  return { text: format.format(date), dateTime: date.toISOString() };
}

function el<K extends keyof HTMLElementTagNameMap>(
  doc: Document,
  tag: K,
  className: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = doc.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * Builds one `<li data-testid="tweet" data-tweet-id="...">` with the children
 * `.tweet-conference`, `.tweet-author`, `.tweet-time`, `.tweet-text`, `.tweet-hashtags`.
 */
export function createTweetElement(doc: Document, tweet: Tweet, now: Date = new Date()): HTMLLIElement {
  const item = el(doc, 'li', 'tweet');
  item.dataset['testid'] = 'tweet';
  item.dataset['tweetId'] = tweet.tweetId;

  const meta = el(doc, 'div', 'tweet-meta');
  const conference = el(doc, 'span', 'tweet-conference', tweet.conference ?? NO_CONFERENCE);
  if (tweet.conference === null) conference.classList.add('tweet-conference-none');
  meta.append(conference, el(doc, 'span', 'tweet-author', tweet.author));
  if (tweet.isRetweet) meta.append(el(doc, 'span', 'tweet-retweet', 'retweet'));
  const time = formatTime(tweet.createdAt, now);
  const timeNode = el(doc, 'time', 'tweet-time', time.text);
  if (time.dateTime !== null) {
    timeNode.dateTime = time.dateTime;
    timeNode.title = time.dateTime;
  }
  meta.append(timeNode);

  const text = el(doc, 'p', 'tweet-text', tweet.text);
  if (tweet.language !== null) text.lang = tweet.language;

  const hashtags = el(doc, 'div', 'tweet-hashtags');
  for (const tag of tweet.hashtags) hashtags.append(el(doc, 'span', 'tweet-hashtag', `#${tag}`));

  item.append(meta, text, hashtags);
  return item;
}

export interface TweetListView {
  /** Brings the DOM in line with the state; keyed by tweetId, existing items are reused. */
  render(state: TweetListState): void;
}

/**
 * Keyed renderer for `<ol id="tweets">`. Tweets never change after arrival (first one wins),
 * so an item is created once and afterwards only moved or removed.
 */
export function createTweetListView(
  list: HTMLElement,
  empty: HTMLElement | null,
  now: () => Date = () => new Date(),
): TweetListView {
  const doc = list.ownerDocument;
  let items = new Map<string, HTMLLIElement>();
  let last: TweetListState | null = null;

  return {
    render(state) {
      if (state === last) return;
      last = state;
      const current = now();
      const next = new Map<string, HTMLLIElement>();
      let cursor: ChildNode | null = list.firstChild;
      for (const { tweet } of state.entries) {
        const item = items.get(tweet.tweetId) ?? createTweetElement(doc, tweet, current);
        next.set(tweet.tweetId, item);
        if (item === cursor) {
          cursor = cursor.nextSibling;
        } else {
          list.insertBefore(item, cursor);
        }
      }
      while (cursor !== null) {
        const stale: ChildNode = cursor;
        cursor = cursor.nextSibling;
        stale.remove();
      }
      items = next;
      if (empty !== null) empty.hidden = state.entries.length > 0;
    },
  };
}

export const CONNECTION_STATUSES = ['connecting', 'live', 'reconnecting'] as const;
export type ConnectionStatus = (typeof CONNECTION_STATUSES)[number];

/** `#connection-status`: text is exactly the status, and the element carries the same class. */
export function renderConnectionStatus(node: HTMLElement, status: ConnectionStatus): void {
  node.textContent = status;
  node.classList.remove(...CONNECTION_STATUSES);
  node.classList.add(status);
  node.dataset['status'] = status;
}
