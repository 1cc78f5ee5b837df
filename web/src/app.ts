// The dashboard: wires the update stream to the page state and the views. Everything the page
// needs from the browser comes in through AppEnvironment, so tests run it against happy-dom with
// a fake EventSource. main.ts starts it with the real browser objects.
//
// State is updated eagerly on every event (cheap, pure); the DOM is updated at most once per frame.
// The conference filter lives in the URL (`?conference=a&conference=b`) and in the stream's URL
// (`/api/updates?conference=a&conference=b`); changing it closes the stream and opens a new one
// without a lastEventId, whose snapshot replaces the page state.

import type { Alert } from './alerts/alerts';
import { createAlertsController } from './alerts/alerts-view';
import { connect, type Connection, type EventSourceFactory } from './live/connection';
import {
  addConferences,
  conferenceOptions,
  filterIncludes,
  normaliseFilter,
  pageUrl,
  parseFilter,
  sameFilter,
  updatesUrl,
  type ConferenceFilter,
  type KnownConferences,
  type PageLocation,
} from './filter/filter';
import { createConferenceFilterView } from './filter/filter-view';
import type { Finding, FindingsState } from './findings/findings';
import { createFrameScheduler, type RequestFrame } from './live/frame-batch';
import { createLikesController, type FetchLike } from './likes/like-controller';
import { createLiveState } from './live/live-state';
import { createPageStore } from './live/page-store';
import { createAlertsState } from './alerts/alerts';
import { createFindingsState } from './findings/findings';
import { createLikesState } from './likes/likes';
import { createTweetListState } from './tweets/tweet-list';
import { createNotice } from './notice';
import { createTopLikedView, createTrendingView, createTweetsPerMinuteView } from './findings/panels';
import { createTweetListView } from './tweets/tweet-list-view';
import type { Snapshot } from './live/snapshot';
import { createStatusView } from './status-view';
import { createThemeController, type MediaQueryLike, type ThemeController } from './theme';
import type { Tweet, TweetListState } from './tweets/tweet-list';
import { loadLikedIds, loadViewerId, saveLikedIds, type StorageLike } from './viewer';

/** How often the relative tweet times ("12 s ago") are refreshed. */
export const TIME_REFRESH_MS = 1_000;

export interface HistoryLike {
  readonly state: unknown;
  pushState(data: unknown, unused: string, url: string): void;
  replaceState(data: unknown, unused: string, url: string): void;
}

export interface AppEnvironment {
  readonly document: Document;
  /** The page's location (read after every history change: pass the live object). */
  readonly location: PageLocation;
  readonly history: HistoryLike;
  /** Subscribes to popstate (back/forward). */
  readonly onPopState?: (listener: () => void) => void;
  readonly storage: StorageLike;
  readonly fetch: FetchLike;
  readonly createEventSource?: EventSourceFactory;
  /** matchMedia('(prefers-color-scheme: dark)'), null when unavailable. */
  readonly media: MediaQueryLike | null;
  readonly requestFrame?: RequestFrame;
  readonly setInterval?: (callback: () => void, ms: number) => unknown;
  readonly clearInterval?: (handle: unknown) => void;
  /** Default: the update stream at `/api/updates`. */
  readonly updatesPath?: string;
}

export interface App {
  readonly filter: ConferenceFilter;
  readonly known: KnownConferences;
  readonly connection: Connection;
  readonly theme: ThemeController;
  /** Changes the filter (as a click in the filter would; `history` says how the URL changes). */
  setFilter(next: Iterable<string>, history?: 'push' | 'replace' | 'none'): void;
  /** Renders now instead of at the next frame. */
  renderNow(): void;
  close(): void;
}

function snapshotConferences(snapshot: Snapshot): (string | null)[] {
  return [
    ...snapshot.tweets.map((t) => t.conference),
    ...[...snapshot.tweetCounts, ...snapshot.trendingHashtags, ...snapshot.topLiked].map((f) => f.conference),
    ...snapshot.alerts.map((a) => a.conference),
  ];
}

export function startApp(env: AppEnvironment): App {
  const doc = env.document;
  const required = (id: string): HTMLElement => {
    const node = doc.getElementById(id);
    if (node === null) throw new Error(`#${id} missing from index.html`);
    return node;
  };

  const storage = env.storage;
  const toggle = doc.getElementById('theme-toggle');
  const theme = createThemeController({
    root: doc.documentElement,
    button: toggle !== null && toggle.tagName === 'BUTTON' ? (toggle as HTMLButtonElement) : null,
    storage,
    media: env.media,
  });

  const list = required('tweets');
  const empty = required('empty');
  const connectionStatus = createStatusView(required('connection-status'));
  const notice = createNotice(required('notice'));
  const viewerId = loadViewerId(storage);

  // The one store of the page: every event and every like answer goes through it; a change renders once a frame.
  const store = createPageStore({
    tweets: createTweetListState(),
    findings: createFindingsState(),
    likes: createLikesState(loadLikedIds(storage)),
    alerts: createAlertsState(),
  });
  store.subscribe((_, changed) => {
    if (changed !== 'alerts') scheduleRender(); // alerts render at once, in their controller
  });
  const alerts = createAlertsController(required('alerts'), { store: store.slice('alerts') });
  const likes = createLikesController({
    viewerId,
    fetch: env.fetch,
    store: store.slice('likes'),
    saveLiked: (ids) => saveLikedIds(storage, ids),
    // Counts and liked ids of the tweets on the page are never evicted from the bounded maps.
    keep: (tweetId) => store.state.tweets.ids.has(tweetId),
    onNotice: (message) => notice.show(message),
  });
  const live = createLiveState({
    likes,
    alerts,
    store: { tweets: store.slice('tweets'), findings: store.slice('findings') },
  });
  const view = createTweetListView(list, empty, {
    onToggleLike: (tweetId) => void likes.toggle(tweetId),
  });
  const topLiked = createTopLikedView(required('top-liked'));
  const trending = createTrendingView(required('trending'));
  const perMinute = createTweetsPerMinuteView(required('tweets-per-minute'));
  const filterView = createConferenceFilterView(required('conference-filter'), {
    onChange: (selected) => setFilter(selected, 'push'),
  });

  let filter: ConferenceFilter = parseFilter(env.location.search);
  let known: KnownConferences = [];
  const currentUrl = (): string => `${env.location.pathname}${env.location.search}${env.location.hash}`;
  // One spelling of the filter in the URL (e.g. `?conference=b,a` becomes `?conference=a&conference=b`).
  const canonical = pageUrl(env.location, filter);
  if (canonical !== currentUrl()) env.history.replaceState(env.history.state, '', canonical);

  // What was rendered last, so a frame only touches the panels whose data changed.
  let shownTweets: TweetListState | null = null;
  let shownFindings: FindingsState | null = null;
  let shownKnown: KnownConferences | null = null;
  let shownFilter: ConferenceFilter | null = null;
  let byId = new Map<string, Tweet>();

  const render = (): void => {
    const { tweets, findings, likes: likeState } = store.state;
    view.render(tweets, likeState);
    if (tweets !== shownTweets) byId = new Map(tweets.entries.map((e) => [e.tweet.tweetId, e.tweet]));
    if (shownFindings === null || findings.topLiked !== shownFindings.topLiked || tweets !== shownTweets) {
      topLiked.render(findings.topLiked, (id) => byId.get(id));
    }
    if (shownFindings === null || findings.trendingHashtags !== shownFindings.trendingHashtags) {
      trending.render(findings.trendingHashtags);
    }
    if (shownFindings === null || findings.countWindows !== shownFindings.countWindows) {
      perMinute.render(findings.countWindows);
    }
    if (known !== shownKnown || filter !== shownFilter) {
      filterView.render(conferenceOptions(known, filter), filter);
    }
    shownTweets = tweets;
    shownFindings = findings;
    shownKnown = known;
    shownFilter = filter;
  };
  const scheduleRender = createFrameScheduler(render, env.requestFrame);

  const note = (names: Iterable<string | null>): void => {
    const next = addConferences(known, names);
    if (next === known) return;
    known = next;
    scheduleRender();
  };

  const open = (): Connection =>
    connect({
      url: updatesUrl(filter, env.updatesPath),
      ...(env.createEventSource !== undefined ? { createEventSource: env.createEventSource } : {}),
      onStatus: (next) => connectionStatus.show(next),
      onTweet: (tweet) => {
        note([tweet.conference]);
        live.addTweet(tweet);
      },
      onLikes: (event) => live.applyLikes(event),
      onAlert: (alert: Alert) => {
        note([alert.conference]);
        live.addAlert(alert);
      },
      onFinding: (finding: Finding) => {
        note([finding.conference]);
        live.applyFinding(finding);
      },
      onSnapshot: (snapshot) => {
        note(snapshotConferences(snapshot));
        live.applySnapshot(snapshot);
      },
    });

  let connection = open();

  const setFilter = (selected: Iterable<string>, how: 'push' | 'replace' | 'none' = 'push'): void => {
    const next = normaliseFilter(selected);
    if (sameFilter(next, filter)) {
      // Nothing to change, but the checkboxes may show something else (e.g. the 51st one).
      shownFilter = null;
      scheduleRender();
      return;
    }
    filter = next;
    const url = pageUrl(env.location, filter);
    if (how === 'push') env.history.pushState(null, '', url);
    else if (how === 'replace') env.history.replaceState(env.history.state, '', url);
    // A new stream without lastEventId: its snapshot replaces the page state.
    connection.close();
    alerts.retain((alert) => filterIncludes(filter, alert.conference));
    connection = open();
    scheduleRender();
  };

  env.onPopState?.(() => setFilter(parseFilter(env.location.search), 'none'));

  const ticker = env.setInterval?.(() => {
    if (doc.visibilityState !== 'hidden') view.refreshTimes();
  }, TIME_REFRESH_MS);

  render();

  return {
    get filter() {
      return filter;
    },
    get known() {
      return known;
    },
    get connection() {
      return connection;
    },
    theme,
    setFilter,
    renderNow: render,
    close() {
      connection.close();
      alerts.close();
      if (ticker !== undefined) env.clearInterval?.(ticker);
    },
  };
}
