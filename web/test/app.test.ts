// @vitest-environment happy-dom
// The whole page (index.html + startApp) against a fake update stream: filter in the URL and in
// the stream URL, reconnect with a fresh snapshot on a filter change, panels, theme, times.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startApp, TIME_REFRESH_MS, type App, type HistoryLike } from '../src/app';
import type { EventSourceLike } from '../src/live/connection';
import { THEME_KEY } from '../src/theme';
import type { StorageLike } from '../src/viewer';
import { payload } from './fixtures';

const html = readFileSync(join(import.meta.dirname, '..', 'index.html'), 'utf8');
const HOSTILE = '<img src=x onerror=alert(1)>';
const T0 = Date.UTC(2026, 10, 24, 10, 0);
const iso = (minute: number) => new Date(T0 + minute * 60_000).toISOString();

class FakeEventSource implements EventSourceLike {
  readyState = 0;
  closed = false;
  private readonly listeners = new Map<string, ((event: Event) => void)[]>();
  constructor(readonly url: string) {}
  addEventListener(type: string, listener: (event: Event) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close(): void {
    this.closed = true;
    this.readyState = 2;
  }
  emit(type: string, data: unknown, lastEventId = ''): void {
    const event = Object.assign(new Event(type), { data: JSON.stringify(data), lastEventId });
    for (const l of this.listeners.get(type) ?? []) l(event);
  }
}

function memoryStorage(initial: Record<string, string> = {}): StorageLike & { data: Map<string, string> } {
  const data = new Map(Object.entries(initial));
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

function page(url = '/', storage = memoryStorage()) {
  // The real index.html body.
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  document.body.replaceChildren(...[...parsed.body.childNodes].map((n) => document.importNode(n, true)));
  document.documentElement.removeAttribute('data-theme');

  let current = new URL(url, 'http://localhost');
  const pushed: string[] = [];
  const location = {
    get pathname() {
      return current.pathname;
    },
    get search() {
      return current.search;
    },
    get hash() {
      return current.hash;
    },
  };
  const history: HistoryLike & { go(url: string): void } = {
    state: null,
    pushState(_d, _u, next) {
      current = new URL(next, current);
      pushed.push(next);
    },
    replaceState(_d, _u, next) {
      current = new URL(next, current);
    },
    go(next) {
      current = new URL(next, current);
    },
  };
  let popState: (() => void) | null = null;
  const sources: FakeEventSource[] = [];
  const frames: (() => void)[] = [];
  let tick: (() => void) | null = null;

  const app: App = startApp({
    document,
    location,
    history,
    onPopState: (listener) => (popState = listener),
    storage,
    fetch: () => new Promise(() => {}),
    createEventSource: (u) => {
      const es = new FakeEventSource(u);
      sources.push(es);
      return es;
    },
    media: { matches: false },
    requestFrame: (cb) => frames.push(cb),
    setInterval: (cb) => {
      tick = cb;
      return 1;
    },
  });
  const flush = () => {
    while (frames.length > 0) frames.shift()!();
  };
  const es = () => sources[sources.length - 1]!;
  const $ = <T extends Element = HTMLElement>(selector: string) => document.querySelector<T>(selector);
  const $$ = (selector: string) => [...document.querySelectorAll<HTMLElement>(selector)];
  const checkbox = (name: string) => $<HTMLInputElement>(`#conference-filter input[type="checkbox"][value="${name}"]`);
  return {
    app,
    sources,
    es,
    flush,
    $,
    $$,
    checkbox,
    pushed,
    url: () => `${current.pathname}${current.search}${current.hash}`,
    back: (to: string) => {
      history.go(to);
      popState?.();
    },
    tick: () => tick?.(),
    storage,
  };
}

const snapshot = (overrides: Record<string, unknown> = {}) => ({
  tweets: [],
  likes: [],
  tweetCounts: [],
  trendingHashtags: [],
  topLiked: [],
  alerts: [],
  ...overrides,
});

beforeEach(() => {
  vi.stubGlobal('alert', vi.fn());
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(T0 + 5 * 60_000);
});
afterEach(() => vi.useRealTimers());

describe('the dashboard page', () => {
  it('has every region a browser test looks for', () => {
    page();
    for (const selector of [
      'ol#tweets',
      '#empty',
      '#connection-status',
      'ul#alerts',
      '#notice',
      'section#top-liked[data-testid="top-liked"]',
      'section#trending[data-testid="trending"]',
      'section#tweets-per-minute[data-testid="tweets-per-minute"]',
      'fieldset#conference-filter[data-testid="conference-filter"]',
      'button#theme-toggle[data-testid="theme-toggle"]',
    ]) {
      expect(document.querySelector(selector), selector).not.toBeNull();
    }
  });

  it('connects without a filter to /api/updates and fills the panels from the snapshot', () => {
    const p = page();
    expect(p.es().url).toBe('/api/updates');
    p.es().emit('open', undefined);
    p.es().emit(
      'snapshot',
      snapshot({
        tweets: [payload({ tweetId: '1', conference: 'javaone', text: 'hi', createdAt: iso(4) })],
        likes: [{ tweetId: '1', count: 2 }],
        tweetCounts: [
          { conference: 'javaone', windowStart: iso(3), windowEnd: iso(4), windowCount: 5, total: 10 },
          { conference: 'javaone', windowStart: iso(4), windowEnd: iso(5), windowCount: 7, total: 17 },
        ],
        trendingHashtags: [{ conference: '*', windowStart: iso(0), windowEnd: iso(5), top: [{ hashtag: 'kafka', count: 3 }] }],
        topLiked: [{ conference: 'devoxx', top: [{ tweetId: '1', likes: 2 }, { tweetId: '999', likes: 1 }] }],
      }),
      's.1',
    );
    p.flush();
    expect(p.$('#connection-status')!.textContent).toBe('live');
    expect(p.$$('#tweets > li[data-testid="tweet"]').map((li) => li.dataset['tweetId'])).toEqual(['1']);
    expect(p.$('#tweets li .like-count')!.textContent).toBe('2');
    expect(p.$('#tweets li time.tweet-time')!.textContent).toBe('1 min ago');
    expect(p.$$('#trending .trending-item').map((li) => li.dataset['hashtag'])).toEqual(['kafka']);
    const tpm = p.$('#tweets-per-minute .tpm-group[data-conference="javaone"]')!;
    expect([tpm.dataset['current'], tpm.dataset['total']]).toEqual(['7', '17']);
    expect(p.$$('#top-liked .top-liked-group[data-conference="devoxx"] .top-liked-item').map((li) => [li.dataset['tweetId'], li.dataset['likes']])).toEqual([
      ['1', '2'],
      ['999', '1'],
    ]);
    expect(p.$('#top-liked .top-liked-item[data-tweet-id="1"] .top-liked-text')!.textContent).toBe('hi');
    expect(p.$('#top-liked .top-liked-item[data-tweet-id="999"] .top-liked-missing')!.textContent).toBe('Tweet not on screen');
    // Every conference seen so far is offered (not `*`).
    expect(p.$$('#conference-filter input[type="checkbox"]').map((b) => (b as HTMLInputElement).value)).toEqual(['devoxx', 'javaone']);
    for (const panel of ['#top-liked', '#trending', '#tweets-per-minute']) {
      expect(p.$(`${panel} .panel-empty`)!.hidden, panel).toBe(true);
    }
  });

  it('reads the filter from the URL, uses it for the stream, and normalises the URL', () => {
    const p = page('/?conference=javaone,devoxx&view=wall#x');
    expect(p.app.filter).toEqual(['devoxx', 'javaone']);
    expect(p.es().url).toBe('/api/updates?conference=devoxx&conference=javaone');
    expect(p.url()).toBe('/?view=wall&conference=devoxx&conference=javaone#x');
    expect(p.pushed).toEqual([]);
    // The selected ones are offered (and checked) before any event arrived.
    expect(p.checkbox('devoxx')?.checked).toBe(true);
    expect(p.checkbox('javaone')?.checked).toBe(true);
  });

  it('a filter change reconnects without lastEventId, pushes the URL, and the new snapshot replaces the page', () => {
    const p = page();
    const first = p.es();
    first.emit('open', undefined);
    first.emit(
      'snapshot',
      snapshot({
        tweets: [
          payload({ tweetId: 'j', conference: 'javaone', createdAt: iso(1) }),
          payload({ tweetId: 'd', conference: 'devoxx', createdAt: iso(0) }),
        ],
        trendingHashtags: [{ conference: '*', windowStart: iso(0), windowEnd: iso(5), top: [{ hashtag: 'all', count: 3 }] }],
        alerts: [
          { conference: 'devoxx', windowStart: iso(0), count: 60, threshold: 50, message: 'devoxx busy' },
          { conference: 'javaone', windowStart: iso(0), count: 60, threshold: 50, message: 'javaone busy' },
        ],
      }),
      's.1',
    );
    first.emit('tweet', payload({ tweetId: 'k', conference: 'kotlinconf', createdAt: iso(2) }), 'tw.1');
    p.flush();
    expect(p.$$('#tweets > li').map((li) => li.dataset['tweetId'])).toEqual(['k', 'j', 'd']);
    expect(p.$$('#alerts .alert-message').map((n) => n.textContent)).toEqual(['javaone busy', 'devoxx busy']);

    p.checkbox('javaone')!.click();
    expect(first.closed).toBe(true);
    expect(p.sources).toHaveLength(2);
    expect(p.es().url).toBe('/api/updates?conference=javaone');
    expect(p.pushed).toEqual(['/?conference=javaone']);
    expect(p.$('#connection-status')!.textContent).toBe('connecting');
    // Alerts of conferences no longer shown go away.
    expect(p.$$('#alerts .alert-message').map((n) => n.textContent)).toEqual(['javaone busy']);
    // Events still arriving on the old stream are ignored.
    first.emit('tweet', payload({ tweetId: 'late', conference: 'devoxx' }), 'tw.2');

    p.es().emit('open', undefined);
    p.es().emit('snapshot', snapshot({ tweets: [payload({ tweetId: 'j', conference: 'javaone', createdAt: iso(1) })] }), 's.9');
    p.flush();
    expect(p.$('#connection-status')!.textContent).toBe('live');
    expect(p.$$('#tweets > li').map((li) => li.dataset['tweetId'])).toEqual(['j']);
    expect(p.$$('#trending .panel-group')).toHaveLength(0);
    expect(p.$('#trending .panel-empty')!.hidden).toBe(false);
    // Conferences seen before stay on offer.
    expect(p.$$('#conference-filter input[type="checkbox"]').map((b) => (b as HTMLInputElement).value)).toEqual([
      'devoxx',
      'javaone',
      'kotlinconf',
    ]);
    expect(p.checkbox('javaone')!.checked).toBe(true);

    // A second conference, then "All conferences".
    p.checkbox('devoxx')!.click();
    expect(p.es().url).toBe('/api/updates?conference=devoxx&conference=javaone');
    expect(p.url()).toBe('/?conference=devoxx&conference=javaone');
    p.$<HTMLButtonElement>('#conference-filter button.conference-filter-all')!.click();
    expect(p.es().url).toBe('/api/updates');
    expect(p.url()).toBe('/');
    expect(p.sources).toHaveLength(4);
    expect(p.sources.slice(0, 3).every((s) => s.closed)).toBe(true);
  });

  it('resuming after the browser gave up keeps the filter; only then is lastEventId sent', () => {
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    const p = page('/?conference=javaone');
    p.es().emit('snapshot', snapshot(), 's.1');
    p.es().readyState = 2;
    p.es().emit('error', undefined);
    expect(p.$('#connection-status')!.textContent).toBe('reconnecting');
    vi.advanceTimersByTime(1_000);
    expect(p.sources).toHaveLength(2);
    expect(p.es().url).toBe('/api/updates?conference=javaone&lastEventId=s.1');
    // A filter change after that starts fresh again.
    p.app.setFilter(['devoxx']);
    expect(p.es().url).toBe('/api/updates?conference=devoxx');
    p.app.close();
  });

  it('back/forward (popstate) applies the filter in the URL without pushing', () => {
    const p = page('/?conference=javaone');
    p.back('/?conference=devoxx');
    expect(p.app.filter).toEqual(['devoxx']);
    expect(p.es().url).toBe('/api/updates?conference=devoxx');
    p.back('/');
    expect(p.es().url).toBe('/api/updates');
    expect(p.pushed).toEqual([]);
    p.back('/');
    expect(p.sources).toHaveLength(3); // same filter: no new stream
  });

  it('shows hostile server text literally everywhere', () => {
    const p = page();
    p.es().emit(
      'snapshot',
      snapshot({
        tweets: [payload({ tweetId: 't', conference: HOSTILE, author: HOSTILE, text: HOSTILE, hashtags: [HOSTILE] })],
        trendingHashtags: [{ conference: HOSTILE, windowStart: iso(0), top: [{ hashtag: HOSTILE, count: 1 }] }],
        topLiked: [{ conference: HOSTILE, top: [{ tweetId: 't', likes: 1 }] }],
        tweetCounts: [{ conference: HOSTILE, windowStart: iso(0), windowCount: 1, total: 1 }],
      }),
    );
    p.flush();
    expect(document.querySelectorAll('img, script').length).toBe(0);
    expect(p.$('#tweets .tweet-text')!.textContent).toBe(HOSTILE);
    expect(p.$('#trending .trending-tag')!.textContent).toBe(`#${HOSTILE}`);
    expect(p.$('#top-liked .top-liked-author')!.textContent).toBe(HOSTILE);
    expect(p.$('#tweets-per-minute .panel-group-title')!.textContent).toBe(HOSTILE);
    expect(p.$('#conference-filter .conference-option-name')!.textContent).toBe(HOSTILE);
    expect(document.querySelectorAll('[style]').length).toBe(0);
  });

  it('refreshes relative times on the timer', () => {
    const p = page();
    p.es().emit('snapshot', snapshot({ tweets: [payload({ tweetId: 't', createdAt: iso(5) })] }));
    p.flush();
    expect(p.$('#tweets time')!.textContent).toBe('just now');
    vi.setSystemTime(T0 + 5 * 60_000 + 42_000);
    p.tick();
    expect(p.$('#tweets time')!.textContent).toBe('42 s ago');
    expect(TIME_REFRESH_MS).toBe(1_000);
  });

  it('the theme toggle sets data-theme on <html> and remembers the choice', () => {
    const p = page();
    const root = document.documentElement;
    expect(root.dataset['theme']).toBe('light');
    p.$<HTMLButtonElement>('#theme-toggle')!.click();
    expect(root.dataset['theme']).toBe('dark');
    expect(p.$('#theme-toggle')!.getAttribute('aria-pressed')).toBe('true');
    expect(p.storage.data.get(THEME_KEY)).toBe('dark');
    // A new page load with the same storage starts dark.
    page('/', p.storage);
    expect(document.documentElement.dataset['theme']).toBe('dark');
  });
});
