import './style.css';
import { startApp } from './app';
import { createLiveQueriesPanel } from './queries/live-queries-view';
import { DARK_QUERY } from './theme';
import { browserStorage, createSafeStorage } from './viewer';

startApp({
  document,
  location: window.location,
  history: window.history,
  onPopState: (listener) => window.addEventListener('popstate', listener),
  storage: createSafeStorage(browserStorage()),
  fetch: (url, init) => fetch(url, init),
  media: typeof window.matchMedia === 'function' ? window.matchMedia(DARK_QUERY) : null,
  setInterval: (callback, ms) => window.setInterval(callback, ms),
  clearInterval: (handle) => window.clearInterval(handle as number),
});

const liveQueries = document.getElementById('live-queries');
if (liveQueries !== null) {
  createLiveQueriesPanel({
    document,
    root: liveQueries,
    location: window.location,
    fetch: (url, init) => fetch(url, init),
    session: sessionStorageOrNull(),
    setInterval: (callback, ms) => window.setInterval(callback, ms),
  });
}

/** sessionStorage when it works (it throws in some privacy modes), else null: the secret is then typed each time. */
function sessionStorageOrNull(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}
