// The dashboard panels: `#top-liked` (most-liked tweets per conference), `#trending` (trending
// hashtags as a bar chart) and `#tweets-per-minute` (a sparkline per conference). Each panel has
// one group per conference (`.panel-group[data-conference]`, `*` = all tweets first, then by name);
// a group is rebuilt only when its data changed. Everything from the server is hostile: built with
// createElement / createElementNS and textContent / setAttribute only, nothing styled inline (the
// bars and lines are SVG geometry attributes).

import { barPercents, minuteSeries, sparkline } from './charts';
import { compareConferences, ALL_CONFERENCES } from '../filter/filter';
import { newestWindowStart, type CountWindow, type TopLiked, type TrendingHashtags } from './findings';
import type { Tweet } from '../tweets/tweet-list';
import { el } from '../view/dom';
import { reconcileKeyed } from '../view/keyed-list';

export const SVG_NS = 'http://www.w3.org/2000/svg';
export const ALL_CONFERENCES_LABEL = 'All conferences';
/** Top-liked tweets shown per conference (the server sends 3). */
export const TOP_LIKED_SHOWN = 3;
/** Trending hashtags shown per conference (the server sends 10). */
export const TRENDING_SHOWN = 10;
export const TWEET_NOT_ON_SCREEN = 'Tweet not on screen';
/** Sparkline box (viewBox units; the SVG is stretched by CSS). */
export const SPARKLINE_WIDTH = 120;
export const SPARKLINE_HEIGHT = 32;

export function conferenceLabel(conference: string): string {
  return conference === ALL_CONFERENCES ? ALL_CONFERENCES_LABEL : conference;
}

/** The conferences in panel order: `*` first, then by name (case-insensitive). */
export function panelOrder(conferences: Iterable<string>): string[] {
  return [...new Set(conferences)].sort((a, b) =>
    a === b ? 0 : a === ALL_CONFERENCES ? -1 : b === ALL_CONFERENCES ? 1 : compareConferences(a, b),
  );
}

export function svg<K extends keyof SVGElementTagNameMap>(
  doc: Document,
  tag: K,
  attributes: Readonly<Record<string, string>>,
): SVGElementTagNameMap[K] {
  const node = doc.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  return node;
}

/** `.panel-body` and `.panel-empty` of a panel section (created when missing). */
function panelParts(panel: HTMLElement): { body: HTMLElement; empty: HTMLElement | null } {
  let body = panel.querySelector<HTMLElement>(':scope > .panel-body');
  if (body === null) {
    body = el(panel.ownerDocument, 'div', 'panel-body');
    panel.append(body);
  }
  return { body, empty: panel.querySelector<HTMLElement>(':scope > .panel-empty') };
}

/** A group: `<section class="panel-group {extra}" data-conference>` with an `<h3>` title. */
function groupElement(doc: Document, conference: string, className: string): HTMLElement {
  const group = el(doc, 'section', `panel-group ${className}`);
  group.dataset['conference'] = conference;
  const title = el(doc, 'h3', 'panel-group-title', conferenceLabel(conference));
  group.append(title);
  return group;
}

interface Group<V> {
  readonly node: HTMLElement;
  readonly value: V;
}

/**
 * A keyed list of groups in `body`: groups whose value is `same` are kept as they are, others
 * are rebuilt; order follows `entries`; the rest is removed.
 */
function createGroups<V>(
  panel: HTMLElement,
  same: (a: V, b: V) => boolean,
  build: (conference: string, value: V) => HTMLElement,
): (entries: readonly (readonly [string, V])[]) => void {
  const { body, empty } = panelParts(panel);
  let groups = new Map<string, Group<V>>();
  return (entries) => {
    groups = reconcileKeyed(body, entries, ([conference]) => conference, groups, ([conference, value], old) =>
      old !== undefined && same(old.value, value) ? old : { node: build(conference, value), value });
    if (empty !== null) empty.hidden = entries.length > 0;
    panel.dataset['count'] = String(entries.length);
  };
}

export interface PanelView<A extends unknown[]> {
  render(...args: A): void;
}

// --- #top-liked -----------------------------------------------------------------------------

export interface TopLikedEntry {
  readonly tweetId: string;
  readonly likes: number;
  /** The tweet when it is on the page, else null ("tweet not on screen"). */
  readonly tweet: Tweet | null;
}

export function topLikedEntries(finding: TopLiked, lookup: (tweetId: string) => Tweet | undefined): TopLikedEntry[] {
  return finding.top
    .slice(0, TOP_LIKED_SHOWN)
    .map((e) => ({ tweetId: e.tweetId, likes: e.likes, tweet: lookup(e.tweetId) ?? null }));
}

function sameEntries(a: readonly TopLikedEntry[], b: readonly TopLikedEntry[]): boolean {
  return (
    a.length === b.length &&
    a.every((x, i) => {
      const y = b[i]!;
      return x.tweetId === y.tweetId && x.likes === y.likes && x.tweet === y.tweet;
    })
  );
}

/**
 * One `<li class="top-liked-item" data-tweet-id data-likes>`: `.top-liked-count` (digits), then
 * `.top-liked-author` + `.top-liked-text` when the tweet is on the page, else
 * `.top-liked-missing` ("Tweet not on screen") + `.top-liked-id` (class `top-liked-item-missing`).
 */
export function createTopLikedItem(doc: Document, entry: TopLikedEntry): HTMLLIElement {
  const item = el(doc, 'li', 'top-liked-item');
  item.dataset['tweetId'] = entry.tweetId;
  item.dataset['likes'] = String(entry.likes);

  const likes = el(doc, 'span', 'top-liked-likes');
  const heart = el(doc, 'span', 'top-liked-heart', '\u2665');
  heart.setAttribute('aria-hidden', 'true');
  likes.append(heart, el(doc, 'span', 'top-liked-count', String(entry.likes)));
  likes.append(el(doc, 'span', 'visually-hidden', entry.likes === 1 ? ' like' : ' likes'));

  const body = el(doc, 'div', 'top-liked-body');
  if (entry.tweet !== null) {
    const tweet = entry.tweet;
    const text = el(doc, 'p', 'top-liked-text', tweet.text);
    if (tweet.language !== null) text.lang = tweet.language;
    body.append(el(doc, 'span', 'top-liked-author', tweet.author), text);
  } else {
    item.classList.add('top-liked-item-missing');
    body.append(el(doc, 'span', 'top-liked-missing', TWEET_NOT_ON_SCREEN), el(doc, 'code', 'top-liked-id', entry.tweetId));
  }
  item.append(likes, body);
  return item;
}

export function createTopLikedView(
  panel: HTMLElement,
): PanelView<[topLiked: ReadonlyMap<string, TopLiked>, lookup: (tweetId: string) => Tweet | undefined]> {
  const doc = panel.ownerDocument;
  const update = createGroups<readonly TopLikedEntry[]>(panel, sameEntries, (conference, entries) => {
    const group = groupElement(doc, conference, 'top-liked-group');
    if (entries.length === 0) {
      group.append(el(doc, 'p', 'panel-group-empty', 'No liked tweets yet'));
    } else {
      const list = el(doc, 'ol', 'top-liked-list');
      for (const entry of entries) list.append(createTopLikedItem(doc, entry));
      group.append(list);
    }
    return group;
  });
  return {
    render(topLiked, lookup) {
      update(panelOrder(topLiked.keys()).map((c) => [c, topLikedEntries(topLiked.get(c)!, lookup)] as const));
    },
  };
}

// --- #trending ------------------------------------------------------------------------------

/**
 * One `<li class="trending-item" data-hashtag data-count>`: `.trending-tag` (`#tag`), an SVG bar
 * (`svg.trending-bar > rect.trending-bar-fill`, width in percent of the largest count, aria-hidden)
 * and `.trending-count` (digits).
 */
export function createTrendingItem(doc: Document, hashtag: string, count: number, percent: number): HTMLLIElement {
  const item = el(doc, 'li', 'trending-item');
  item.dataset['hashtag'] = hashtag;
  item.dataset['count'] = String(count);
  const tag = el(doc, 'span', 'trending-tag', `#${hashtag}`);
  tag.title = `#${hashtag}`;
  const bar = svg(doc, 'svg', {
    class: 'trending-bar',
    viewBox: '0 0 100 10',
    preserveAspectRatio: 'none',
    'aria-hidden': 'true',
    focusable: 'false',
  });
  bar.append(
    svg(doc, 'rect', { class: 'trending-bar-track', x: '0', y: '0', width: '100', height: '10' }),
    svg(doc, 'rect', { class: 'trending-bar-fill', x: '0', y: '0', width: String(percent), height: '10' }),
  );
  item.append(tag, bar, el(doc, 'span', 'trending-count', String(count)));
  return item;
}

export function createTrendingView(panel: HTMLElement): PanelView<[trending: ReadonlyMap<string, TrendingHashtags>]> {
  const doc = panel.ownerDocument;
  const update = createGroups<TrendingHashtags>(
    panel,
    (a, b) => a === b,
    (conference, finding) => {
      const group = groupElement(doc, conference, 'trending-group');
      const top = finding.top.slice(0, TRENDING_SHOWN);
      if (top.length === 0) {
        group.append(el(doc, 'p', 'panel-group-empty', 'No hashtags in the last 5 minutes'));
        return group;
      }
      const percents = barPercents(top);
      const list = el(doc, 'ol', 'trending-list');
      top.forEach((e, i) => list.append(createTrendingItem(doc, e.hashtag, e.count, percents[i] ?? 0)));
      group.append(list);
      return group;
    },
  );
  return {
    render(trending) {
      update(panelOrder(trending.keys()).map((c) => [c, trending.get(c)!] as const));
    },
  };
}

// --- #tweets-per-minute ---------------------------------------------------------------------

interface PerMinute {
  readonly windows: readonly CountWindow[];
  /** The start of the chart's last minute (the newest window of any conference). */
  readonly end: number;
}

/**
 * One group per conference: `.tpm-now` (tweets in the chart's last minute), an SVG sparkline of
 * the last 30 minutes (`svg.sparkline[role=img][aria-label]` with `polyline.sparkline-line`) and
 * `.tpm-stats` (peak and total). The group has `data-current`, `data-peak` and `data-total`.
 */
export function createPerMinuteGroup(doc: Document, conference: string, data: PerMinute): HTMLElement {
  const series = minuteSeries(data.windows, data.end);
  const current = series[series.length - 1]?.count ?? 0;
  const peak = Math.max(0, ...series.map((p) => p.count ?? 0));
  const total = data.windows[data.windows.length - 1]?.counts.total ?? 0;

  const group = groupElement(doc, conference, 'tpm-group');
  group.dataset['current'] = String(current);
  group.dataset['peak'] = String(peak);
  group.dataset['total'] = String(total);

  const now = el(doc, 'p', 'tpm-now');
  now.append(el(doc, 'span', 'tpm-current', String(current)), el(doc, 'span', 'tpm-unit', ' / min'));

  const geometry = sparkline(series, SPARKLINE_WIDTH, SPARKLINE_HEIGHT);
  const chart = svg(doc, 'svg', {
    class: 'sparkline',
    viewBox: `0 0 ${SPARKLINE_WIDTH} ${SPARKLINE_HEIGHT}`,
    preserveAspectRatio: 'none',
    role: 'img',
    'aria-label': `${conferenceLabel(conference)}: ${current} tweets in the latest minute, at most ${peak} per minute over the last ${series.length} minutes`,
  });
  chart.append(svg(doc, 'line', { class: 'sparkline-base', x1: '0', y1: String(SPARKLINE_HEIGHT), x2: String(SPARKLINE_WIDTH), y2: String(SPARKLINE_HEIGHT) }));
  if (geometry.line.length > 0) {
    chart.append(
      svg(doc, 'polygon', { class: 'sparkline-area', points: geometry.area }),
      svg(doc, 'polyline', { class: 'sparkline-line', points: geometry.line }),
    );
  }

  const stats = el(doc, 'p', 'tpm-stats', `peak ${peak} / min · total ${total}`);
  group.append(now, chart, stats);
  return group;
}

export function createTweetsPerMinuteView(
  panel: HTMLElement,
): PanelView<[windows: ReadonlyMap<string, readonly CountWindow[]>]> {
  const doc = panel.ownerDocument;
  const update = createGroups<PerMinute>(
    panel,
    (a, b) => a.windows === b.windows && a.end === b.end,
    (conference, data) => createPerMinuteGroup(doc, conference, data),
  );
  return {
    render(windows) {
      const end = newestWindowStart(windows) ?? 0;
      const entries = panelOrder(windows.keys())
        .filter((c) => (windows.get(c)?.length ?? 0) > 0)
        .map((c) => [c, { windows: windows.get(c)!, end }] as const);
      update(entries);
    },
  };
}
