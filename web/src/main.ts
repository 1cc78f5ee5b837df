import './style.css';
import { connect } from './connection';
import { createFrameScheduler } from './frame-batch';
import { createTweetListView, renderConnectionStatus } from './render';
import { addTweet, createTweetListState } from './tweet-list';

function required(id: string): HTMLElement {
  const node = document.getElementById(id);
  if (node === null) throw new Error(`#${id} missing from index.html`);
  return node;
}

const list = required('tweets');
const empty = required('empty');
const statusNode = required('connection-status');

// State is updated eagerly on every event (cheap, pure); the DOM is updated at most once per frame.
let state = createTweetListState();
const view = createTweetListView(list, empty);
const scheduleRender = createFrameScheduler(() => view.render(state));

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
});
