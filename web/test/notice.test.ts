// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { createNotice } from '../src/notice';

describe('createNotice', () => {
  it('shows text only and clears itself after a few seconds', () => {
    const node = document.createElement('p');
    node.setAttribute('aria-live', 'polite');
    const timers: { cb: () => void; ms: number; cleared: boolean }[] = [];
    const notice = createNotice(node, {
      setTimer: (cb, ms) => {
        const t = { cb, ms, cleared: false };
        timers.push(t);
        return t;
      },
      clearTimer: (h) => {
        (h as { cleared: boolean }).cleared = true;
      },
    });
    notice.show('<b>Too many likes.</b>');
    expect(node.textContent).toBe('<b>Too many likes.</b>');
    expect(node.children).toHaveLength(0);
    expect(timers[0]!.ms).toBe(5000);

    notice.show('second'); // replaces and restarts the timer
    expect(node.textContent).toBe('second');
    expect(timers[0]!.cleared).toBe(true);
    timers[1]!.cb();
    expect(node.textContent).toBe('');
  });
});
