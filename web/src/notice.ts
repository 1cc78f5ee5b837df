// `#notice`: a short, non-blocking message in an aria-live="polite" region (text only) that
// clears itself after a few seconds. A new message replaces the current one and restarts the timer.

export const NOTICE_CLEAR_MS = 5_000;

export interface NoticeOptions {
  readonly clearAfterMs?: number;
  readonly setTimer?: (callback: () => void, ms: number) => unknown;
  readonly clearTimer?: (handle: unknown) => void;
}

export interface Notice {
  show(message: string): void;
  clear(): void;
}

export function createNotice(node: HTMLElement, options: NoticeOptions = {}): Notice {
  const clearAfterMs = options.clearAfterMs ?? NOTICE_CLEAR_MS;
  const setTimer = options.setTimer ?? ((cb: () => void, ms: number) => setTimeout(cb, ms));
  const clearTimer =
    options.clearTimer ?? ((h: unknown) => clearTimeout(h as ReturnType<typeof setTimeout>));
  let timer: unknown = null;

  const clear = (): void => {
    if (timer !== null) clearTimer(timer);
    timer = null;
    node.textContent = '';
  };

  return {
    show(message) {
      clear();
      node.textContent = message;
      timer = setTimer(() => {
        timer = null;
        node.textContent = '';
      }, clearAfterMs);
    },
    clear,
  };
}
