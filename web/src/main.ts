import './style.css';
import { createAlertsController } from './alerts-view';
import { connect } from './connection';
import { createFrameScheduler } from './frame-batch';
import { createLikesController } from './like-controller';
import { createLiveState } from './live-state';
import { createNotice } from './notice';
import { createTweetListView } from './render';
import { createStatusView } from './status-view';
import { browserStorage, createSafeStorage, loadLikedIds, loadViewerId, saveLikedIds } from './viewer';

function required(id: string): HTMLElement {
  const node = document.getElementById(id);
  if (node === null) throw new Error(`#${id} missing from index.html`);
  return node;
}

const list = required('tweets');
const empty = required('empty');
const connectionStatus = createStatusView(required('connection-status'));
const notice = createNotice(required('notice'));
const alerts = createAlertsController(required('alerts'));

const storage = createSafeStorage(browserStorage());
const viewerId = loadViewerId(storage);

// State is updated eagerly on every event (cheap, pure); the DOM is updated at most once per frame.
const likes = createLikesController({
  viewerId,
  fetch: (url, init) => fetch(url, init),
  initialLiked: loadLikedIds(storage),
  saveLiked: (ids) => saveLikedIds(storage, ids),
  // Counts and liked ids of the tweets on the page are never evicted from the bounded maps.
  keep: (tweetId) => live.tweets.ids.has(tweetId),
  onChange: () => scheduleRender(),
  onNotice: (message) => notice.show(message),
});
const live = createLiveState({ likes, alerts, onTweetsChange: () => scheduleRender() });
const view = createTweetListView(list, empty, {
  onToggleLike: (tweetId) => void likes.toggle(tweetId),
});
const scheduleRender = createFrameScheduler(() => view.render(live.tweets, likes.state));

connectionStatus.show('connecting');
connect({
  // Query parameters (a conference filter, later) are kept when a lastEventId is added on resume.
  url: '/api/updates',
  onStatus: (next) => connectionStatus.show(next),
  onTweet: (tweet) => live.addTweet(tweet),
  onLikes: (event) => live.applyLikes(event),
  onAlert: (alert) => live.addAlert(alert),
  onFinding: (finding) => live.applyFinding(finding),
  onSnapshot: (snapshot) => live.applySnapshot(snapshot),
});
