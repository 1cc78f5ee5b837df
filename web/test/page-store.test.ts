// @vitest-environment happy-dom
// The page's one store: SSE events (through the live state), like answers (through the like requests) and
// alerts all change the same state value, and each change is heard once by the store's subscribers.
import { describe, expect, it } from 'vitest';
import { createAlertsState } from '../src/alerts/alerts';
import { createAlertsController } from '../src/alerts/alerts-view';
import { createFindingsState } from '../src/findings/findings';
import { createLikesController, type FetchLike } from '../src/likes/like-controller';
import { createLikesState, likeViewOf } from '../src/likes/likes';
import { createLiveState } from '../src/live/live-state';
import { createPageStore, type PageState } from '../src/live/page-store';
import { createTweetListState, tweetsOf } from '../src/tweets/tweet-list';
import { at, tweet } from './fixtures';

function page(fetch: FetchLike) {
  const store = createPageStore({
    tweets: createTweetListState(),
    findings: createFindingsState(),
    likes: createLikesState([]),
    alerts: createAlertsState(),
  });
  const changes: (keyof PageState)[] = [];
  store.subscribe((_, changed) => changes.push(changed));
  const alerts = createAlertsController(document.createElement('ul'), { store: store.slice('alerts'), setTimer: () => null });
  const likes = createLikesController({ viewerId: '123e4567-e89b-12d3-a456-426614174000', fetch, store: store.slice('likes') });
  const live = createLiveState({ likes, alerts, store: { tweets: store.slice('tweets'), findings: store.slice('findings') } });
  return { store, changes, live, likes, alerts };
}

describe('page store', () => {
  it('holds what every event and like answer changed, each change heard once', async () => {
    const fetch: FetchLike = async () =>
      new Response(JSON.stringify({ tweetId: '7', liked: true, count: 5 }), { status: 200, headers: { 'Content-Type': 'application/json' } });
    const { store, changes, live, likes } = page(fetch);

    live.addTweet(tweet({ tweetId: '7' }));
    live.applyLikes({ tweetId: '7', count: 4 });
    live.addAlert({ version: 1, conference: 'qcon', windowStart: at(1), windowEnd: at(2), count: 9, threshold: 5, message: 'busy' });
    live.applyFinding({
      kind: 'top-liked', version: 1, conference: 'qcon', top: [{ tweetId: '7', likes: 4 }],
    });
    await likes.toggle('7');

    expect(tweetsOf(store.state.tweets).map((t) => t.tweetId)).toEqual(['7']);
    expect(likeViewOf(store.state.likes, '7')).toMatchObject({ liked: true, count: 5 });
    expect(store.state.alerts.entries.map((e) => e.alert.message)).toEqual(['busy']);
    expect(store.state.findings.topLiked.size).toBe(1);
    // tweets, likes (count), alerts, findings, likes (optimistic toggle), likes (the answer)
    expect(changes).toEqual(['tweets', 'likes', 'alerts', 'findings', 'likes', 'likes']);
  });

  it('tells nobody of a change that changes nothing', () => {
    const { changes, live } = page(async () => {
      throw new Error('no request expected');
    });
    live.addTweet(tweet({ tweetId: '1' }));
    live.addTweet(tweet({ tweetId: '1' }));

    expect(changes).toEqual(['tweets']);
  });
});
