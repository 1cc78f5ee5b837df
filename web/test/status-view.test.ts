// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { RESET_VISIBLE_MS, createStatusView } from '../src/status-view';

function setup() {
  let clock = 0;
  const timers = new Map<number, { at: number; cb: () => void }>();
  let nextId = 0;
  const node = document.createElement('p');
  const view = createStatusView(node, {
    now: () => clock,
    setTimer: (cb, ms) => {
      timers.set(++nextId, { at: clock + ms, cb });
      return nextId;
    },
    clearTimer: (h) => void timers.delete(h as number),
  });
  const advance = (ms: number) => {
    clock += ms;
    for (const [id, t] of [...timers]) {
      if (t.at > clock) continue;
      timers.delete(id);
      t.cb();
    }
  };
  const shown = () => [node.textContent, node.dataset['status'], node.className];
  return { view, node, advance, shown, timers };
}

describe('createStatusView', () => {
  it("keeps 'reset' visible for a moment before 'live' replaces it", () => {
    const h = setup();
    h.view.show('live');
    h.view.show('reset');
    expect(h.shown()).toEqual(['resynchronised', 'reset', 'reset']);
    h.view.show('live'); // the snapshot arrived right away
    expect(h.shown()).toEqual(['resynchronised', 'reset', 'reset']);
    h.advance(RESET_VISIBLE_MS - 1);
    expect(h.node.dataset['status']).toBe('reset');
    h.advance(1);
    expect(h.shown()).toEqual(['live', 'live', 'live']);
    expect(h.timers.size).toBe(0);
  });

  it("shows 'live' at once when the reset was shown long enough", () => {
    const h = setup();
    h.view.show('reset');
    h.advance(RESET_VISIBLE_MS + 500);
    h.view.show('live');
    expect(h.shown()).toEqual(['live', 'live', 'live']);
  });

  it('shows a real problem at once and drops the pending live', () => {
    const h = setup();
    h.view.show('reset');
    h.view.show('live');
    h.view.show('reconnecting');
    expect(h.shown()).toEqual(['reconnecting', 'reconnecting', 'reconnecting']);
    expect(h.timers.size).toBe(0);
    h.advance(RESET_VISIBLE_MS);
    expect(h.node.dataset['status']).toBe('reconnecting');
    h.view.show('live');
    expect(h.node.dataset['status']).toBe('live');
  });

  it('a second reset starts the moment over', () => {
    const h = setup();
    h.view.show('reset');
    h.view.show('live');
    h.advance(RESET_VISIBLE_MS - 10);
    h.view.show('reset');
    h.view.show('live');
    h.advance(10);
    expect(h.node.dataset['status']).toBe('reset');
    h.advance(RESET_VISIBLE_MS);
    expect(h.node.dataset['status']).toBe('live');
  });
});
