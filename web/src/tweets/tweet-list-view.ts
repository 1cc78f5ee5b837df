// DOM creation for the tweet list. Everything that comes from the server is treated as hostile:
// nodes are built with createElement and filled with textContent only (never HTML parsing),
// and nothing is styled inline (the page runs under style-src 'self').

import { likeViewOf, sameLikeView, type LikeView, type LikesState } from '../likes/likes';
import { formatRelativeTime } from './relative-time';
import type { Tweet, TweetListState } from './tweet-list';
import { el } from '../view/dom';
import { onItemButton, reconcileKeyed } from '../view/keyed-list';

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

/** Shown before any like state is known. */
export const NO_LIKES: LikeView = { liked: false, count: 0, busy: false };

// A toggle keeps one label; aria-pressed tells whether it is on (ARIA Authoring Practices).
export const LIKE_LABEL = 'Like';
const HEART_EMPTY = '\u2661'; // ♡
const HEART_FULL = '\u2665'; // ♥

/** Buttons that were focused when they got disabled: focus returns to them once re-enabled. */
const refocusAfterBusy = new WeakSet<HTMLButtonElement>();

/**
 * `<button type="button" class="like-button" aria-pressed aria-label>` with a heart glyph
 * (`.like-heart`, aria-hidden) and `.like-count`.
 */
export function createLikeButton(doc: Document, view: LikeView = NO_LIKES): HTMLButtonElement {
  const button = el(doc, 'button', 'like-button');
  button.type = 'button';
  const heart = el(doc, 'span', 'like-heart');
  heart.setAttribute('aria-hidden', 'true');
  button.append(heart, el(doc, 'span', 'like-count'));
  updateLikeButton(button, view);
  return button;
}

/** Updates a like button in place (same element, so focus and pending clicks survive). */
export function updateLikeButton(button: HTMLButtonElement, view: LikeView): void {
  const pressed = view.liked ? 'true' : 'false';
  if (button.getAttribute('aria-pressed') !== pressed) button.setAttribute('aria-pressed', pressed);
  const label = LIKE_LABEL;
  if (button.getAttribute('aria-label') !== label) button.setAttribute('aria-label', label);

  const heart = button.querySelector('.like-heart');
  const glyph = view.liked ? HEART_FULL : HEART_EMPTY;
  if (heart !== null && heart.textContent !== glyph) heart.textContent = glyph;
  const count = button.querySelector('.like-count');
  const text = String(view.count);
  if (count !== null && count.textContent !== text) count.textContent = text;

  const doc = button.ownerDocument;
  if (view.busy && !button.disabled) {
    // Disabling a focused button may drop focus to <body>; remember to give it back.
    if (doc.activeElement === button) refocusAfterBusy.add(button);
    button.disabled = true;
  } else if (!view.busy && button.disabled) {
    button.disabled = false;
    if (refocusAfterBusy.has(button)) {
      refocusAfterBusy.delete(button);
      const active = doc.activeElement;
      if (button.isConnected && (active === null || active === doc.body || active === button)) button.focus();
    }
  }
}

/**
 * Builds one `<li data-testid="tweet" data-tweet-id="...">` with the children
 * `.tweet-conference`, `.tweet-author`, `.tweet-time`, `.tweet-text`, `.tweet-hashtags` and
 * `.tweet-actions > button.like-button`. The time shows how long ago the tweet was written
 * ("12 s ago", see refreshTweetTime); its title is the local time, its datetime the ISO time.
 */
export function createTweetElement(
  doc: Document,
  tweet: Tweet,
  now: Date = new Date(),
  like: LikeView = NO_LIKES,
): HTMLLIElement {
  const item = el(doc, 'li', 'tweet');
  item.dataset['testid'] = 'tweet';
  item.dataset['tweetId'] = tweet.tweetId;

  const meta = el(doc, 'div', 'tweet-meta');
  const conference = el(doc, 'span', 'tweet-conference', tweet.conference ?? NO_CONFERENCE);
  if (tweet.conference === null) conference.classList.add('tweet-conference-none');
  meta.append(conference, el(doc, 'span', 'tweet-author', tweet.author));
  if (tweet.isRetweet) meta.append(el(doc, 'span', 'tweet-retweet', 'retweet'));
  const time = formatTime(tweet.createdAt, now);
  const timeNode = el(doc, 'time', 'tweet-time', formatRelativeTime(tweet.createdAt, now.getTime()));
  if (time.dateTime !== null) {
    timeNode.dateTime = time.dateTime;
    timeNode.title = time.text;
  }
  meta.append(timeNode);

  const text = el(doc, 'p', 'tweet-text', tweet.text);
  if (tweet.language !== null) text.lang = tweet.language;

  const hashtags = el(doc, 'div', 'tweet-hashtags');
  for (const tag of tweet.hashtags) hashtags.append(el(doc, 'span', 'tweet-hashtag', `#${tag}`));

  const actions = el(doc, 'div', 'tweet-actions');
  actions.append(createLikeButton(doc, like));

  item.append(meta, text, hashtags, actions);
  return item;
}

export interface TweetListView {
  /**
   * Brings the DOM in line with the state; keyed by tweetId, existing items are reused and only
   * their like button is updated in place.
   */
  render(state: TweetListState, likes?: LikesState | null): void;
  /** Updates the relative times ("12 s ago") of the shown tweets; only changed texts are written. */
  refreshTimes(): void;
}

export interface TweetListViewOptions {
  readonly now?: () => Date;
  /** Called with the exact tweetId string when a like button is activated (click, Enter, Space). */
  readonly onToggleLike?: (tweetId: string) => void;
}

interface RenderedItem {
  readonly node: HTMLLIElement;
  readonly button: HTMLButtonElement | null;
  readonly time: HTMLTimeElement | null;
  readonly createdAt: string | null;
  like: LikeView;
}

/**
 * Keyed renderer for `<ol id="tweets">`. Tweets never change after arrival (first one wins),
 * so an item is created once and afterwards only moved or removed; its like button is updated
 * in place. Like clicks are handled by one delegated listener on the list, so they keep working
 * while items are added or removed around them.
 */
export function createTweetListView(
  list: HTMLElement,
  empty: HTMLElement | null,
  options: TweetListViewOptions = {},
): TweetListView {
  const doc = list.ownerDocument;
  const now = options.now ?? (() => new Date());
  let items = new Map<string, RenderedItem>();
  let last: TweetListState | null = null;
  let lastLikes: LikesState | null = null;

  const onToggleLike = options.onToggleLike;
  if (onToggleLike !== undefined) {
    onItemButton(list, 'button.like-button', 'li[data-testid="tweet"]', (item, button) => {
      if ((button as HTMLButtonElement).disabled) return;
      const tweetId = item.getAttribute('data-tweet-id');
      if (tweetId === null || items.get(tweetId)?.node !== item) return;
      onToggleLike(tweetId);
    });
  }

  return {
    render(state, likes = null) {
      if (state === last && likes === lastLikes) return;
      last = state;
      lastLikes = likes;
      const current = now();
      items = reconcileKeyed(list, state.entries, ({ tweet }) => tweet.tweetId, items, ({ tweet }, rendered) => {
        const like = likes === null ? NO_LIKES : likeViewOf(likes, tweet.tweetId);
        if (rendered === undefined) {
          const node = createTweetElement(doc, tweet, current, like);
          return {
            node,
            button: node.querySelector<HTMLButtonElement>('button.like-button'),
            time: node.querySelector<HTMLTimeElement>('time.tweet-time'),
            createdAt: tweet.createdAt,
            like,
          };
        }
        if (!sameLikeView(rendered.like, like)) {
          if (rendered.button !== null) updateLikeButton(rendered.button, like);
          rendered.like = like;
        }
        return rendered;
      });
      if (empty !== null) empty.hidden = state.entries.length > 0;
    },
    refreshTimes() {
      const current = now().getTime();
      for (const { time, createdAt } of items.values()) {
        if (time === null) continue;
        const text = formatRelativeTime(createdAt, current);
        if (time.textContent !== text) time.textContent = text;
      }
    },
  };
}

/** 'reset': the server could not resume the stream and is sending its whole state again. */
export const CONNECTION_STATUSES = ['connecting', 'live', 'reconnecting', 'reset'] as const;
export type ConnectionStatus = (typeof CONNECTION_STATUSES)[number];

/** The text shown; the first three are the status word itself (browser tests look for "live"). */
export const CONNECTION_STATUS_LABELS: Readonly<Record<ConnectionStatus, string>> = {
  connecting: 'connecting',
  live: 'live',
  reconnecting: 'reconnecting',
  reset: 'resynchronised',
};

/** `#connection-status`: the status's label as text, the status itself as class and data-status. */
export function renderConnectionStatus(node: HTMLElement, status: ConnectionStatus): void {
  node.textContent = CONNECTION_STATUS_LABELS[status];
  node.classList.remove(...CONNECTION_STATUSES);
  node.classList.add(status);
  node.dataset['status'] = status;
}
