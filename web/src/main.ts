import './style.css';
import { createAlertsController } from './alerts-view';
import { connect } from './connection';
import { createFrameScheduler } from './frame-batch';
import { createLikesController } from './like-controller';
import { createNotice } from './notice';
import { createTweetListView, renderConnectionStatus } from './render';
import { addTweet, createTweetListState } from './tweet-list';
import { browserStorage, createSafeStorage, loadLikedIds, loadViewerId, saveLikedIds } from './viewer';

function required(id: string): HTMLElement {
  const node = document.getElementById(id);
  if (node === null) throw new Error(`#${id} missing from index.html`);
  return node;
}

const list = required('tweets');
const empty = required('empty');
const statusNode = required('connection-status');
const notice = createNotice(required('notice'));
const alerts = createAlertsController(required('alerts'));

const storage = createSafeStorage(browserStorage());
const viewerId = loadViewerId(storage);

// State is updated eagerly on every event (cheap, pure); the DOM is updated at most once per frame.
let state = createTweetListState();
const likes = createLikesController({
  viewerId,
  fetch: (url, init) => fetch(url, init),
  initialLiked: loadLikedIds(storage),
  saveLiked: (ids) => saveLikedIds(storage, ids),
  // Counts and liked ids of the tweets on the page are never evicted from the bounded maps.
  keep: (tweetId) => state.ids.has(tweetId),
  onChange: () => scheduleRender(),
  onNotice: (message) => notice.show(message),
});
const view = createTweetListView(list, empty, {
  onToggleLike: (tweetId) => void likes.toggle(tweetId),
});
const scheduleRender = createFrameScheduler(() => view.render(state, likes.state));

renderConnectionStatus(statusNode, 'connecting');
connect({
  url: '/api/updates',
  onStatus: (status) => renderConnectionStatus(statusNode, status),
  onTweet: (tweet) => {
    const next = addTweet(state, tweet);
    if (next === state) return;
    state = next;
    scheduleRender();
  },
  onLikes: (event) => likes.applyCount(event),
  onAlert: (alert) => void alerts.add(alert),
});
