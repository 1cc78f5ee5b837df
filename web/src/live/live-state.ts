// What the update stream feeds, into the page store: the tweet list, like counts (through the like
// controller), alerts (through the alerts controller) and analytics findings. A `snapshot` is the server's whole
// current picture, so it replaces what the server owns (tweets, server like counts, findings)
// instead of merging; what only this page knows survives it: the viewer's liked ids and likes in
// flight (the like controller keeps them) and the alerts already shown or dismissed (a snapshot's
// alerts go through the same de-duplication as live ones). No DOM here.

import type { Alert } from '../alerts/alerts';
import { applyFinding, createFindingsState, type Finding, type FindingsState } from '../findings/findings';
import type { LikesEvent } from '../likes/likes';
import { localSlice, type Slice } from './page-store';
import type { Snapshot } from './snapshot';
import { addTweet, createTweetListState, replaceTweets, type Tweet, type TweetListState } from '../tweets/tweet-list';

export interface LiveStateOptions {
  readonly likes: {
    applyCount(event: LikesEvent): void;
    replaceCounts(events: Iterable<LikesEvent>): void;
  };
  readonly alerts: {
    add(alert: Alert): unknown;
    addAll(alerts: Iterable<Alert>): unknown;
  };
  /** Called after the tweet list changed (the page schedules a render). */
  readonly onTweetsChange?: (tweets: TweetListState) => void;
  /** Called after the findings changed (the page schedules a render of the panels). */
  readonly onFindingsChange?: (findings: FindingsState) => void;
  /** Maximum number of tweets kept (default MAX_TWEETS; for a slice of its own). */
  readonly limit?: number;
  readonly now?: () => number;
  /** Where the tweets and findings live (the page's store); by default slices of their own. */
  readonly store?: { readonly tweets: Slice<TweetListState>; readonly findings: Slice<FindingsState> };
}

export interface LiveState {
  readonly tweets: TweetListState;
  readonly findings: FindingsState;
  addTweet(tweet: Tweet): void;
  applyLikes(event: LikesEvent): void;
  addAlert(alert: Alert): void;
  applyFinding(finding: Finding): void;
  applySnapshot(snapshot: Snapshot): void;
}

export function createLiveState(options: LiveStateOptions): LiveState {
  const now = options.now ?? (() => Date.now());
  const tweetsSlice = options.store?.tweets ?? localSlice(createTweetListState(options.limit));
  const findingsSlice = options.store?.findings ?? localSlice(createFindingsState());

  const setTweets = (next: TweetListState): void => {
    if (next === tweetsSlice.get()) return;
    tweetsSlice.set(next);
    options.onTweetsChange?.(next);
  };

  const setFindings = (next: FindingsState): void => {
    findingsSlice.set(next);
    options.onFindingsChange?.(next);
  };

  return {
    get tweets() {
      return tweetsSlice.get();
    },
    get findings() {
      return findingsSlice.get();
    },
    addTweet(tweet) {
      setTweets(addTweet(tweetsSlice.get(), tweet, now()));
    },
    applyLikes(event) {
      options.likes.applyCount(event);
    },
    addAlert(alert) {
      options.alerts.add(alert);
    },
    applyFinding(finding) {
      setFindings(applyFinding(findingsSlice.get(), finding));
    },
    applySnapshot(snapshot) {
      // Tweets first: the like controller keeps the counts of the tweets on the page, which are
      // the new ones by the time it trims its counts.
      setTweets(replaceTweets(tweetsSlice.get(), snapshot.tweets, now()));
      options.likes.replaceCounts(snapshot.likes);
      setFindings(createFindingsState([...snapshot.tweetCounts, ...snapshot.trendingHashtags, ...snapshot.topLiked]));
      options.alerts.addAll(snapshot.alerts);
    },
  };
}
