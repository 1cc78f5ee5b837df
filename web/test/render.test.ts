// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  NO_CONFERENCE,
  createTweetElement,
  createTweetListView,
  formatTime,
  renderConnectionStatus,
} from '../src/tweets/tweet-list-view';
import { addTweet, addTweets, createTweetListState } from '../src/tweets/tweet-list';
import { at, tweet } from './fixtures';

const HOSTILE = '<img src=x onerror=alert(1)>';

function setup() {
  document.body.replaceChildren();
  const list = document.createElement('ol');
  list.id = 'tweets';
  const empty = document.createElement('p');
  empty.id = 'empty';
  document.body.append(empty, list);
  return { list, empty, view: createTweetListView(list, empty) };
}

const items = (list: HTMLElement) => [...list.querySelectorAll<HTMLLIElement>('li[data-testid="tweet"]')];

describe('createTweetElement', () => {
  beforeEach(() => document.body.replaceChildren());

  it('has the stable test hooks', () => {
    const li = createTweetElement(
      document,
      tweet({ tweetId: '1234567890123456789', text: 'hello', author: 'alice', conference: 'javaone' }),
    );
    expect(li.tagName).toBe('LI');
    expect(li.getAttribute('data-testid')).toBe('tweet');
    expect(li.getAttribute('data-tweet-id')).toBe('1234567890123456789');
    expect(li.querySelector('.tweet-conference')?.textContent).toBe('javaone');
    expect(li.querySelector('.tweet-author')?.textContent).toBe('alice');
    expect(li.querySelector('.tweet-text')?.textContent).toBe('hello');
    expect([...li.querySelectorAll('.tweet-hashtags .tweet-hashtag')].map((n) => n.textContent)).toEqual([
      '#kafka',
      '#javaone',
    ]);
    const time = li.querySelector('time.tweet-time');
    expect(time?.getAttribute('datetime')).toBe('2026-11-24T10:00:00.000Z');
    expect(time?.textContent).not.toBe('');
  });

  it('shows — when the conference is null and keeps an (empty) hashtag container', () => {
    const li = createTweetElement(document, tweet({ conference: undefined, hashtags: [] }));
    expect(li.querySelector('.tweet-conference')?.textContent).toBe(NO_CONFERENCE);
    expect(NO_CONFERENCE).toBe('—');
    expect(li.querySelector('.tweet-hashtags')?.childElementCount).toBe(0);
  });

  it('renders hostile text as literal text and creates no element from it', () => {
    const alert = vi.fn();
    vi.stubGlobal('alert', alert);
    const li = createTweetElement(
      document,
      tweet({
        tweetId: `"><img src=x onerror=alert(2)>`,
        text: HOSTILE,
        author: `<script>alert(3)</script>`,
        conference: '<b>conf</b>',
        hashtags: ['<svg onload=alert(4)>'],
        createdAt: '<i>never</i>',
        language: 'en" onmouseover="alert(5)',
      }),
    );
    document.body.append(li);

    expect(li.querySelector('.tweet-text')?.textContent).toBe(HOSTILE);
    expect(li.querySelector('.tweet-author')?.textContent).toBe('<script>alert(3)</script>');
    expect(li.querySelector('.tweet-conference')?.textContent).toBe('<b>conf</b>');
    expect(li.querySelector('.tweet-hashtag')?.textContent).toBe('#<svg onload=alert(4)>');
    expect(li.getAttribute('data-tweet-id')).toBe(`"><img src=x onerror=alert(2)>`);

    expect(document.querySelectorAll('img, script, svg, b, i').length).toBe(0);
    // The markup is escaped when serialised, i.e. it is a text node, not parsed HTML.
    expect(li.querySelector('.tweet-text')?.innerHTML).toBe('&lt;img src=x onerror=alert(1)&gt;');
    expect(li.querySelector('.tweet-text')?.childNodes).toHaveLength(1);
    expect(li.querySelector('.tweet-text')?.firstChild?.nodeType).toBe(Node.TEXT_NODE);
    // Only our own fixed element structure exists.
    const tags = [...li.querySelectorAll('*')].map((n) => n.tagName.toLowerCase());
    expect(new Set(tags)).toEqual(new Set(['div', 'span', 'time', 'p', 'button']));
    // No attribute other than the ones we set.
    const allowed = ['class', 'data-testid', 'data-tweet-id', 'datetime', 'title', 'lang'];
    const likeButton = ['type', 'aria-pressed', 'aria-label', 'aria-hidden'];
    for (const node of [li, ...li.querySelectorAll('*')]) {
      for (const attr of node.getAttributeNames()) {
        expect([...allowed, ...likeButton]).toContain(attr);
      }
      expect(node.hasAttribute('style')).toBe(false);
    }
    expect(alert).not.toHaveBeenCalled();
    vi.unstubAllGlobals();
  });

  it('does not render the author image or the link', () => {
    const li = createTweetElement(document, tweet({ authorImageUrl: 'https://evil.example/x.png', link: 'https://evil.example/' }));
    expect(li.querySelector('img, a')).toBeNull();
    expect(li.outerHTML).not.toContain('evil.example');
  });
});

describe('createTweetListView', () => {
  it('shows #empty until the first tweet, then renders newest first', () => {
    const { list, empty, view } = setup();
    let s = createTweetListState();
    view.render(s);
    expect(empty.hidden).toBe(false);
    expect(items(list)).toHaveLength(0);

    s = addTweets(s, [tweet({ tweetId: 'a', createdAt: at(1) }), tweet({ tweetId: 'c', createdAt: at(3) })]);
    view.render(s);
    s = addTweet(s, tweet({ tweetId: 'b', createdAt: at(2) }));
    view.render(s);
    expect(empty.hidden).toBe(true);
    expect(items(list).map((li) => li.dataset['tweetId'])).toEqual(['c', 'b', 'a']);
  });

  it('reuses existing items and drops the ones that fell out of the bound', () => {
    const { list, view } = setup();
    let s = createTweetListState(2);
    s = addTweet(s, tweet({ tweetId: 'a', createdAt: at(1) }));
    view.render(s);
    const a = list.querySelector('[data-tweet-id="a"]');
    s = addTweet(s, tweet({ tweetId: 'b', createdAt: at(2) }));
    view.render(s);
    expect(list.querySelector('[data-tweet-id="a"]')).toBe(a);
    s = addTweet(s, tweet({ tweetId: 'c', createdAt: at(3) }));
    view.render(s);
    expect(items(list).map((li) => li.dataset['tweetId'])).toEqual(['c', 'b']);
    expect(list.childElementCount).toBe(2);
  });

  it('renders a re-sent tweet once', () => {
    const { list, view } = setup();
    let s = createTweetListState();
    s = addTweet(s, tweet({ tweetId: '1234567890123456789' }));
    s = addTweet(s, tweet({ tweetId: '1234567890123456789' }));
    view.render(s);
    expect(list.querySelectorAll('[data-tweet-id="1234567890123456789"]')).toHaveLength(1);
  });
});

describe('renderConnectionStatus', () => {
  it('sets exactly one matching text and class', () => {
    const node = document.createElement('p');
    node.id = 'connection-status';
    node.className = 'connecting';
    for (const status of ['connecting', 'live', 'reconnecting', 'live'] as const) {
      renderConnectionStatus(node, status);
      expect(node.textContent).toBe(status);
      expect(node.classList.contains(status)).toBe(true);
      const others = ['connecting', 'live', 'reconnecting', 'reset'].filter((s) => s !== status);
      for (const other of others) expect(node.classList.contains(other)).toBe(false);
    }
  });

  it("labels 'reset' readably; class and data-status stay the status word", () => {
    const node = document.createElement('p');
    renderConnectionStatus(node, 'reset');
    expect(node.textContent).toBe('resynchronised');
    expect(node.className).toBe('reset');
    expect(node.dataset['status']).toBe('reset');
    renderConnectionStatus(node, 'live');
    expect([node.textContent, node.className, node.dataset['status']]).toEqual(['live', 'live', 'live']);
  });
});

describe('formatTime', () => {
  it('gives a short time today and adds the date otherwise', () => {
    const now = new Date('2026-11-24T12:00:00');
    const today = formatTime(new Date('2026-11-24T09:05:00').toISOString(), now, 'en-GB');
    expect(today.text).toBe('09:05');
    const earlier = formatTime(new Date('2026-11-20T09:05:00').toISOString(), now, 'en-GB');
    expect(earlier.text).toBe('20/11/2026, 09:05');
  });

  it('returns — for a missing or invalid time', () => {
    expect(formatTime(null).text).toBe('—');
    expect(formatTime('not a date')).toEqual({ text: '—', dateTime: null });
  });
});

describe('relative tweet times', () => {
  it('shows how long ago the tweet was written, local time as title, ISO as datetime', () => {
    const li = createTweetElement(document, tweet({ createdAt: '2026-11-24T10:00:00Z' }), new Date('2026-11-24T10:00:12Z'));
    const time = li.querySelector('time.tweet-time')!;
    expect(time.textContent).toBe('12 s ago');
    expect(time.getAttribute('datetime')).toBe('2026-11-24T10:00:00.000Z');
    expect(time.getAttribute('title')).toBe(formatTime('2026-11-24T10:00:00Z', new Date('2026-11-24T10:00:12Z')).text);
    expect(createTweetElement(document, tweet({ createdAt: null })).querySelector('time')!.textContent).toBe('—');
  });

  it('refreshTimes rewrites only the times, keeping every element', () => {
    document.body.replaceChildren();
    const list = document.createElement('ol');
    document.body.append(list);
    let now = new Date('2026-11-24T10:00:30Z');
    const view = createTweetListView(list, null, { now: () => now });
    view.render(
      addTweets(createTweetListState(), [
        tweet({ tweetId: 'a', createdAt: '2026-11-24T10:00:00Z' }),
        tweet({ tweetId: 'b', createdAt: '2026-11-24T09:00:00Z' }),
      ]),
    );
    const before = [...list.querySelectorAll('li')];
    const times = () => [...list.querySelectorAll('time.tweet-time')].map((t) => t.textContent);
    expect(times()).toEqual(['30 s ago', '1 h ago']);
    now = new Date('2026-11-24T10:02:00Z');
    view.refreshTimes();
    expect(times()).toEqual(['2 min ago', '1 h ago']);
    expect([...list.querySelectorAll('li')]).toEqual(before);
  });
});
