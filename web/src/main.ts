import './style.css';
import { startApp } from './app';
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
