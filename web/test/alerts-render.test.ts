// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { alertKey, toAlert, type Alert } from '../src/alerts/alerts';
import { DISMISS_LABEL, createAlertElement, createAlertsController } from '../src/alerts/alerts-view';

const HOSTILE = '<img src=x onerror=alert(1)><script>alert(2)</script>';

function alert(overrides: Record<string, unknown> = {}): Alert {
  const a = toAlert({
    version: 1,
    conference: 'javaone',
    windowStart: '2026-11-24T10:01:00+00:00',
    windowEnd: '2026-11-24T10:02:00+00:00',
    count: 57,
    threshold: 50,
    message: 'javaone: more than 50 tweets within a minute (57 from 10:01 UTC)',
    ...overrides,
  });
  if (a === null) throw new Error('fixture is invalid');
  return a;
}

const minute = (m: number) => `2026-11-24T10:${String(m).padStart(2, '0')}:00+00:00`;

/** A fake clock and timer queue: advance() moves the clock and runs the due timers. */
function fakeTime() {
  let clock = 0;
  let nextId = 0;
  const timers = new Map<number, { at: number; cb: () => void }>();
  return {
    now: () => clock,
    setTimer: (cb: () => void, ms: number) => {
      const id = ++nextId;
      timers.set(id, { at: clock + ms, cb });
      return id;
    },
    clearTimer: (h: unknown) => {
      timers.delete(h as number);
    },
    pending: () => timers.size,
    advance(ms: number) {
      const until = clock + ms;
      for (;;) {
        const due = [...timers.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
        if (due === undefined) break;
        timers.delete(due[0]);
        clock = Math.max(clock, due[1].at);
        due[1].cb();
      }
      clock = until;
    },
  };
}

function page() {
  document.body.replaceChildren();
  const list = document.createElement('ul');
  list.id = 'alerts';
  list.setAttribute('aria-live', 'assertive');
  document.body.append(list);
  const time = fakeTime();
  const alerts = createAlertsController(list, time);
  const items = () => [...list.querySelectorAll<HTMLLIElement>('li.alert')];
  const dismiss = (li: HTMLLIElement) => li.querySelector<HTMLButtonElement>('button.alert-dismiss')!.click();
  return { list, time, alerts, items, dismiss };
}

describe('createAlertElement', () => {
  it('has the stable test hooks', () => {
    const li = createAlertElement(document, alert());
    expect(li.tagName).toBe('LI');
    expect(li.className).toBe('alert');
    expect(li.getAttribute('data-conference')).toBe('javaone');
    expect(li.getAttribute('data-window-start')).toBe('2026-11-24T10:01:00+00:00');
    expect(li.querySelector('.alert-message')?.textContent).toBe(
      'javaone: more than 50 tweets within a minute (57 from 10:01 UTC)',
    );
    const button = li.querySelector<HTMLButtonElement>('button.alert-dismiss')!;
    expect(button.type).toBe('button');
    expect(button.getAttribute('aria-label')).toBe('Dismiss alert');
    expect(DISMISS_LABEL).toBe('Dismiss alert');
    expect(button.querySelector('[aria-hidden="true"]')?.textContent).toBe('\u00d7');
  });
});

describe('#alerts', () => {
  beforeEach(() => document.body.replaceChildren());

  it('shows an alert, newest first, and the dismiss button removes it', () => {
    const p = page();
    expect(p.list.childElementCount).toBe(0);
    expect(p.alerts.add(alert({ windowStart: minute(1) }))).toBe(true);
    expect(p.alerts.add(alert({ windowStart: minute(2), conference: 'devoxx', message: 'devoxx!' }))).toBe(true);
    expect(p.items().map((li) => li.dataset['conference'])).toEqual(['devoxx', 'javaone']);
    const first = p.items()[1]!;
    p.dismiss(p.items()[0]!);
    expect(p.items()).toEqual([first]); // the other item is the same element, not rebuilt
    p.dismiss(first);
    expect(p.items()).toHaveLength(0);
    expect(p.list.childNodes).toHaveLength(0);
    expect(p.time.pending()).toBe(0); // nothing left to expire
  });

  it('a click on the glyph inside the button dismisses too; clicks elsewhere do not', () => {
    const p = page();
    p.alerts.add(alert());
    p.items()[0]!.querySelector('.alert-message')!.dispatchEvent(new Event('click', { bubbles: true }));
    expect(p.items()).toHaveLength(1);
    p.items()[0]!.querySelector('.alert-dismiss > span')!.dispatchEvent(new Event('click', { bubbles: true }));
    expect(p.items()).toHaveLength(0);
  });

  it('renders a hostile message as literal text and creates no element from it', () => {
    const spy = vi.fn();
    vi.stubGlobal('alert', spy);
    const p = page();
    p.alerts.add(alert({ message: HOSTILE, conference: '"><b>x</b>' }));
    const li = p.items()[0]!;
    expect(li.querySelector('.alert-message')?.textContent).toBe(HOSTILE);
    expect(li.querySelector('.alert-message')?.childElementCount).toBe(0);
    expect(p.list.querySelector('img, script, b')).toBeNull();
    expect(li.getAttribute('data-conference')).toBe('"><b>x</b>');
    expect(spy).not.toHaveBeenCalled();
    vi.unstubAllGlobals();
  });

  it('ignores duplicates (conference, windowStart), also after a dismissal', () => {
    const p = page();
    expect(p.alerts.add(alert())).toBe(true);
    const li = p.items()[0]!;
    expect(p.alerts.add(alert({ message: 'again after a restart' }))).toBe(false);
    expect(p.alerts.add(alert({ windowStart: '2026-11-24T10:01:00Z' }))).toBe(false);
    expect(p.items()).toEqual([li]);
    expect(li.querySelector('.alert-message')?.textContent).toContain('57 from 10:01');
    p.dismiss(li);
    expect(p.alerts.add(alert())).toBe(false);
    expect(p.items()).toHaveLength(0);
  });

  it('shows at most 5, dropping the oldest', () => {
    const p = page();
    for (let m = 1; m <= 7; m++) p.alerts.add(alert({ windowStart: minute(m), message: `alert ${m}` }));
    expect(p.items().map((li) => li.querySelector('.alert-message')?.textContent)).toEqual([
      'alert 7',
      'alert 6',
      'alert 5',
      'alert 4',
      'alert 3',
    ]);
    expect(p.items().map((li) => li.dataset['windowStart'])).toEqual([minute(7), minute(6), minute(5), minute(4), minute(3)]);
  });

  it('alerts disappear by themselves after 60 s', () => {
    const p = page();
    p.alerts.add(alert({ windowStart: minute(1) }));
    p.time.advance(20_000);
    p.alerts.add(alert({ windowStart: minute(2) }));
    expect(p.time.pending()).toBe(1); // one timer, for the next expiry
    p.time.advance(39_999);
    expect(p.items()).toHaveLength(2);
    p.time.advance(1);
    expect(p.items().map((li) => li.dataset['windowStart'])).toEqual([minute(2)]);
    p.time.advance(19_999);
    expect(p.items()).toHaveLength(1);
    p.time.advance(1);
    expect(p.items()).toHaveLength(0);
    expect(p.time.pending()).toBe(0);
    // Expired alerts stay de-duplicated.
    expect(p.alerts.add(alert({ windowStart: minute(1) }))).toBe(false);
  });

  it('dismissing the next-to-expire alert re-arms the timer for the remaining one', () => {
    const p = page();
    p.alerts.add(alert({ windowStart: minute(1) }));
    p.time.advance(10_000);
    p.alerts.add(alert({ windowStart: minute(2) }));
    p.dismiss(p.items()[1]!); // minute(1), due at 60 s
    expect(p.time.pending()).toBe(1);
    p.time.advance(50_000); // 60 s: nothing due any more
    expect(p.items()).toHaveLength(1);
    p.time.advance(10_000); // 70 s: minute(2) expires
    expect(p.items()).toHaveLength(0);
  });

  it('works with vitest fake timers and the default clock', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    try {
      document.body.replaceChildren();
      const list = document.createElement('ul');
      document.body.append(list);
      const alerts = createAlertsController(list);
      alerts.add(alert());
      vi.advanceTimersByTime(59_999);
      expect(list.childElementCount).toBe(1);
      vi.advanceTimersByTime(1);
      expect(list.childElementCount).toBe(0);
      alerts.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it('close() stops the expiry timer', () => {
    const p = page();
    p.alerts.add(alert());
    p.alerts.close();
    expect(p.time.pending()).toBe(0);
  });

  it('keeps keyboard focus in the list when the focused alert goes away', () => {
    const p = page();
    for (let m = 1; m <= 3; m++) p.alerts.add(alert({ windowStart: minute(m) }));
    const [a3, a2, a1] = p.items() as [HTMLLIElement, HTMLLIElement, HTMLLIElement];
    const b2 = a2.querySelector<HTMLButtonElement>('button.alert-dismiss')!;
    b2.focus();
    expect(document.activeElement).toBe(b2);
    b2.click();
    expect(p.items()).toEqual([a3, a1]);
    expect(document.activeElement).toBe(a1.querySelector('button.alert-dismiss'));
    p.alerts.dismiss(alertKey('javaone', minute(1)));
    expect(document.activeElement).toBe(a3.querySelector('button.alert-dismiss'));
  });

  it('addAll (a snapshot): renders the new ones once, newest first, skipping alerts already seen or dismissed', () => {
    const { alerts, items, dismiss, list } = page();
    alerts.add(alert({ windowStart: minute(1), message: 'one' }));
    alerts.add(alert({ windowStart: minute(2), message: 'two' }));
    dismiss(items().find((li) => li.textContent?.includes('two'))!);
    const before = list.firstElementChild;
    const added = alerts.addAll([
      alert({ windowStart: '2026-11-24T10:01:00Z', message: 'one again' }), // same instant as "one"
      alert({ windowStart: minute(2), message: 'two again' }), // dismissed: stays away
      alert({ windowStart: minute(3), message: 'three' }),
      alert({ windowStart: minute(4), message: 'four' }),
    ]);
    expect(added).toBe(2);
    expect(items().map((li) => li.querySelector('.alert-message')?.textContent)).toEqual(['four', 'three', 'one']);
    expect(items()[2]).toBe(before); // kept, not rebuilt
    expect(alerts.addAll([])).toBe(0);
  });
});
