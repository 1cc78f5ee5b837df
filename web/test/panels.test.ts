// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { MINUTE_MS } from '../src/findings/charts';
import { createFindingsState, toFinding, type Finding } from '../src/findings/findings';
import {
  ALL_CONFERENCES_LABEL,
  SVG_NS,
  TWEET_NOT_ON_SCREEN,
  createTopLikedView,
  createTrendingView,
  createTweetsPerMinuteView,
  panelOrder,
} from '../src/findings/panels';
import type { Tweet } from '../src/tweets/tweet-list';
import { tweet } from './fixtures';

const HOSTILE = '<img src=x onerror=alert(1)>';
const T0 = Date.UTC(2026, 10, 24, 10, 0);
const iso = (minute: number) => new Date(T0 + minute * MINUTE_MS).toISOString();

function finding(kind: Finding['kind'], value: Record<string, unknown>): Finding {
  const f = toFinding(kind, { version: 1, ...value });
  if (f === null) throw new Error('fixture is invalid');
  return f;
}
const trending = (conference: string, top: [string, number][]) =>
  finding('trending-hashtags', { conference, windowStart: iso(0), windowEnd: iso(5), top: top.map(([hashtag, count]) => ({ hashtag, count })) });
const topLiked = (conference: string, top: [string, number][]) =>
  finding('top-liked', { conference, top: top.map(([tweetId, likes]) => ({ tweetId, likes })) });
const counts = (conference: string, minute: number, windowCount: number, total = 0) =>
  finding('tweet-counts', { conference, windowStart: iso(minute), windowEnd: iso(minute + 1), windowCount, total });

function panel(id: string): HTMLElement {
  const section = document.createElement('section');
  section.id = id;
  const empty = document.createElement('p');
  empty.className = 'panel-empty';
  empty.textContent = 'nothing yet';
  const body = document.createElement('div');
  body.className = 'panel-body';
  section.append(empty, body);
  document.body.append(section);
  return section;
}

const groups = (p: HTMLElement) => [...p.querySelectorAll<HTMLElement>('.panel-group')];
const texts = (root: ParentNode, selector: string) => [...root.querySelectorAll(selector)].map((n) => n.textContent);

/** Only our own element structure exists: nothing was parsed from server text. */
function expectNoInjectedElements(root: HTMLElement, allowed: string[]): void {
  const tags = new Set([...root.querySelectorAll('*')].map((n) => n.tagName.toLowerCase()));
  for (const tag of tags) expect(allowed, `unexpected <${tag}>`).toContain(tag);
  expect(root.querySelectorAll('img, script, b, i, iframe').length).toBe(0);
}

beforeEach(() => {
  document.body.replaceChildren();
  vi.stubGlobal('alert', vi.fn());
});

describe('panelOrder', () => {
  it('puts * first, then names case-insensitively', () => {
    expect(panelOrder(['javaone', '*', 'Devoxx', 'apache'])).toEqual(['*', 'apache', 'Devoxx', 'javaone']);
  });
});

describe('#trending', () => {
  it('renders a bar chart per conference, * first as "All conferences"', () => {
    const p = panel('trending');
    const view = createTrendingView(p);
    view.render(createFindingsState().trendingHashtags);
    expect(p.querySelector<HTMLElement>('.panel-empty')!.hidden).toBe(false);

    const s = createFindingsState([trending('javaone', [['java', 4]]), trending('*', [['kafka', 40], ['java', 10]])]);
    view.render(s.trendingHashtags);
    expect(p.querySelector<HTMLElement>('.panel-empty')!.hidden).toBe(true);
    expect(groups(p).map((g) => g.dataset['conference'])).toEqual(['*', 'javaone']);
    expect(texts(p, '.panel-group-title')).toEqual([ALL_CONFERENCES_LABEL, 'javaone']);

    const rows = [...groups(p)[0]!.querySelectorAll<HTMLElement>('li.trending-item')];
    expect(rows.map((r) => [r.dataset['hashtag'], r.dataset['count']])).toEqual([
      ['kafka', '40'],
      ['java', '10'],
    ]);
    expect(texts(rows[0]!, '.trending-tag')).toEqual(['#kafka']);
    expect(texts(rows[1]!, '.trending-count')).toEqual(['10']);
    const fills = rows.map((r) => r.querySelector('svg.trending-bar rect.trending-bar-fill'));
    expect(fills.map((f) => f?.getAttribute('width'))).toEqual(['100', '25']);
    expect(fills[0]?.namespaceURI).toBe(SVG_NS);
    expect(rows[0]!.querySelector('svg')?.getAttribute('aria-hidden')).toBe('true');
    // No inline style anywhere (CSP style-src 'self').
    expect(p.querySelectorAll('[style]').length).toBe(0);
  });

  it('rebuilds only the conference that changed', () => {
    const p = panel('trending');
    const view = createTrendingView(p);
    const a = trending('javaone', [['java', 4]]);
    const b = trending('devoxx', [['kotlin', 2]]);
    view.render(createFindingsState([a, b]).trendingHashtags);
    const [devoxx, javaone] = groups(p);
    view.render(createFindingsState([a, trending('devoxx', [['kotlin', 3]])]).trendingHashtags);
    expect(groups(p)[1]).toBe(javaone);
    expect(groups(p)[0]).not.toBe(devoxx);
    expect(texts(p, '.trending-count')).toEqual(['3', '4']);
    view.render(createFindingsState([a]).trendingHashtags);
    expect(groups(p)).toEqual([javaone]);
  });

  it('shows hostile hashtags and conferences as literal text', () => {
    const p = panel('trending');
    createTrendingView(p).render(createFindingsState([trending(HOSTILE, [[HOSTILE, 3]])]).trendingHashtags);
    expect(texts(p, '.panel-group-title')).toEqual([HOSTILE]);
    expect(texts(p, '.trending-tag')).toEqual([`#${HOSTILE}`]);
    expect(p.querySelector<HTMLElement>('.trending-item')!.dataset['hashtag']).toBe(HOSTILE);
    expectNoInjectedElements(p, ['p', 'div', 'section', 'h3', 'ol', 'li', 'span', 'svg', 'rect']);
  });

  it('says so when a conference has no hashtags', () => {
    const p = panel('trending');
    createTrendingView(p).render(createFindingsState([trending('javaone', [])]).trendingHashtags);
    expect(texts(p, '.panel-group-empty')).toEqual(['No hashtags in the last 5 minutes']);
  });
});

describe('#top-liked', () => {
  it('shows the tweet when it is on the page and its id otherwise', () => {
    const p = panel('top-liked');
    const known = tweet({ tweetId: '111', author: 'alice', text: 'hello' });
    const lookup = (id: string): Tweet | undefined => (id === '111' ? known : undefined);
    createTopLikedView(p).render(
      createFindingsState([topLiked('javaone', [['111', 9], ['18446744073709551615', 4], ['3', 1], ['4', 0]])]).topLiked,
      lookup,
    );
    const items = [...p.querySelectorAll<HTMLElement>('#top-liked .top-liked-group[data-conference="javaone"] li.top-liked-item')];
    expect(items).toHaveLength(3); // top 3
    expect(items.map((i) => [i.dataset['tweetId'], i.dataset['likes']])).toEqual([
      ['111', '9'],
      ['18446744073709551615', '4'],
      ['3', '1'],
    ]);
    expect(texts(items[0]!, '.top-liked-author')).toEqual(['alice']);
    expect(texts(items[0]!, '.top-liked-text')).toEqual(['hello']);
    expect(texts(items[0]!, '.top-liked-count')).toEqual(['9']);
    expect(items[1]!.classList.contains('top-liked-item-missing')).toBe(true);
    expect(texts(items[1]!, '.top-liked-missing')).toEqual([TWEET_NOT_ON_SCREEN]);
    expect(texts(items[1]!, '.top-liked-id')).toEqual(['18446744073709551615']);
  });

  it('fills in the text once the tweet arrives, and says so when there is no liked tweet', () => {
    const p = panel('top-liked');
    const view = createTopLikedView(p);
    const s = createFindingsState([topLiked('javaone', [['111', 2]]), topLiked('devoxx', [])]);
    view.render(s.topLiked, () => undefined);
    expect(texts(p, '.top-liked-missing')).toEqual([TWEET_NOT_ON_SCREEN]);
    expect(texts(p, '.panel-group-empty')).toEqual(['No liked tweets yet']);
    const devoxx = groups(p)[0];
    const known = tweet({ tweetId: '111', text: 'now here' });
    view.render(s.topLiked, (id) => (id === '111' ? known : undefined));
    expect(texts(p, '.top-liked-text')).toEqual(['now here']);
    expect(groups(p)[0]).toBe(devoxx); // unchanged group kept
  });

  it('shows hostile text, authors, ids and conferences literally', () => {
    const p = panel('top-liked');
    const hostile = tweet({ tweetId: HOSTILE, author: HOSTILE, text: HOSTILE });
    createTopLikedView(p).render(
      createFindingsState([topLiked(HOSTILE, [[HOSTILE, 1], ['"><script>alert(2)</script>', 1]])]).topLiked,
      (id) => (id === HOSTILE ? hostile : undefined),
    );
    expect(texts(p, '.panel-group-title')).toEqual([HOSTILE]);
    expect(texts(p, '.top-liked-author')).toEqual([HOSTILE]);
    expect(texts(p, '.top-liked-text')).toEqual([HOSTILE]);
    expect(texts(p, '.top-liked-id')).toEqual(['"><script>alert(2)</script>']);
    expectNoInjectedElements(p, ['p', 'div', 'section', 'h3', 'ol', 'li', 'span', 'code']);
  });
});

describe('#tweets-per-minute', () => {
  it('draws a sparkline per conference over the last 30 minutes', () => {
    const p = panel('tweets-per-minute');
    const view = createTweetsPerMinuteView(p);
    view.render(createFindingsState().countWindows);
    expect(p.querySelector<HTMLElement>('.panel-empty')!.hidden).toBe(false);

    const s = createFindingsState([
      counts('javaone', 0, 4, 300),
      counts('javaone', 2, 6, 310),
      counts('devoxx', 3, 2, 50),
      counts('javaone', 2, 8, 312), // update of the same window
    ]);
    view.render(s.countWindows);
    expect(p.querySelector<HTMLElement>('.panel-empty')!.hidden).toBe(true);
    const [devoxx, javaone] = groups(p);
    expect(devoxx!.dataset['conference']).toBe('devoxx');
    // The charts end at the newest window of any conference (minute 3): javaone had none then.
    expect([javaone!.dataset['current'], javaone!.dataset['peak'], javaone!.dataset['total']]).toEqual(['0', '8', '312']);
    expect([devoxx!.dataset['current'], devoxx!.dataset['total']]).toEqual(['2', '50']);
    expect(texts(javaone!, '.tpm-current')).toEqual(['0']);
    expect(texts(javaone!, '.tpm-stats')).toEqual(['peak 8 / min · total 312']);

    const chart = javaone!.querySelector('svg.sparkline')!;
    expect(chart.namespaceURI).toBe(SVG_NS);
    expect(chart.getAttribute('role')).toBe('img');
    expect(chart.getAttribute('aria-label')).toContain('javaone: 0 tweets in the latest minute');
    const points = chart.querySelector('polyline.sparkline-line')!.getAttribute('points')!.split(' ');
    // Minutes 0..3 are known: 4 points (4, 0, 8, 0), ending at the right edge.
    expect(points).toHaveLength(4);
    expect(points[points.length - 1]).toMatch(/^120,/);
    expect(p.querySelectorAll('[style]').length).toBe(0);
  });

  it('shows hostile conference names as text', () => {
    const p = panel('tweets-per-minute');
    createTweetsPerMinuteView(p).render(createFindingsState([counts(HOSTILE, 0, 1)]).countWindows);
    expect(texts(p, '.panel-group-title')).toEqual([HOSTILE]);
    expect(p.querySelector('svg')!.getAttribute('aria-label')).toContain(HOSTILE);
    expectNoInjectedElements(p, ['p', 'div', 'section', 'h3', 'span', 'svg', 'line', 'polygon', 'polyline']);
  });
});
