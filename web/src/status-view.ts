// `#connection-status` over time. The connection reports 'reset' when the server could not resume
// and 'live' again as soon as the snapshot after it arrives, usually within milliseconds, too soon
// for anyone to see it. So 'reset' stays on screen for a moment before 'live' replaces it; a
// real problem ('reconnecting', 'connecting') is shown at once.

import { renderConnectionStatus, type ConnectionStatus } from './tweets/tweet-list-view';

/** How long 'reset' stays visible at least. */
export const RESET_VISIBLE_MS = 2_000;

export interface StatusViewOptions {
  readonly resetVisibleMs?: number;
  /** Clock in ms; only differences matter (default performance.now(), monotonic). */
  readonly now?: () => number;
  readonly setTimer?: (callback: () => void, ms: number) => unknown;
  readonly clearTimer?: (handle: unknown) => void;
}

export interface StatusView {
  show(status: ConnectionStatus): void;
}

export function createStatusView(node: HTMLElement, options: StatusViewOptions = {}): StatusView {
  const visibleMs = options.resetVisibleMs ?? RESET_VISIBLE_MS;
  const now = options.now ?? (() => performance.now());
  const setTimer = options.setTimer ?? ((cb: () => void, ms: number) => setTimeout(cb, ms));
  const clearTimer =
    options.clearTimer ?? ((h: unknown) => clearTimeout(h as ReturnType<typeof setTimeout>));

  let resetUntil = -Infinity;
  let timer: unknown = null;
  let deferred: ConnectionStatus | null = null;

  const render = (status: ConnectionStatus): void => {
    if (timer !== null) clearTimer(timer);
    timer = null;
    deferred = null;
    renderConnectionStatus(node, status);
  };

  return {
    show(status) {
      if (status === 'reset') {
        resetUntil = now() + visibleMs;
        render(status);
        return;
      }
      const left = resetUntil - now();
      if (status !== 'live' || left <= 0) {
        resetUntil = -Infinity;
        render(status);
        return;
      }
      deferred = status;
      if (timer === null) {
        timer = setTimer(() => {
          timer = null;
          resetUntil = -Infinity;
          if (deferred !== null) render(deferred);
        }, left);
      }
    },
  };
}
