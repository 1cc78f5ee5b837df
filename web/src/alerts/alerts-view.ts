// `#alerts`: alerts as dismissible notifications. The list itself is the aria-live="assertive"
// region (aria-relevant="additions", so only new alerts are announced, not removals). Items are
// built with createElement + textContent only; the message comes from the server and is hostile.

import {
  addAlert,
  createAlertsState,
  dismissAlert,
  expireAlerts,
  nextExpiry,
  retainAlerts,
  type Alert,
  type AlertsState,
  type AlertsStateOptions,
} from './alerts';
import { localSlice, type Slice } from '../live/page-store';
import { onItemButton, reconcileKeyed } from '../view/keyed-list';

export const DISMISS_LABEL = 'Dismiss alert';
const CROSS = '\u00d7'; // ×

/**
 * `<li class="alert" data-conference data-window-start>` (both exactly as sent) with
 * `<p class="alert-message">` and `<button type="button" class="alert-dismiss" aria-label="Dismiss alert">`.
 */
export function createAlertElement(doc: Document, alert: Alert): HTMLLIElement {
  const item = doc.createElement('li');
  item.className = 'alert';
  item.dataset['conference'] = alert.conference;
  item.dataset['windowStart'] = alert.windowStart;

  const message = doc.createElement('p');
  message.className = 'alert-message';
  message.textContent = alert.message;

  const button = doc.createElement('button');
  button.type = 'button';
  button.className = 'alert-dismiss';
  button.setAttribute('aria-label', DISMISS_LABEL);
  button.title = DISMISS_LABEL;
  const cross = doc.createElement('span');
  cross.setAttribute('aria-hidden', 'true');
  cross.textContent = CROSS;
  button.append(cross);

  item.append(message, button);
  return item;
}

export interface AlertsView {
  /** Brings the list in line with the state (keyed: existing items are kept, never rebuilt). */
  render(state: AlertsState): void;
}

export interface AlertsViewOptions {
  /** Called with the alert's key when its dismiss button is activated. */
  readonly onDismiss?: (key: string) => void;
}

export function createAlertsView(list: HTMLElement, options: AlertsViewOptions = {}): AlertsView {
  const doc = list.ownerDocument;
  let items = new Map<string, { readonly node: HTMLLIElement }>();
  const keyOf = new WeakMap<Element, string>();
  let last: AlertsState | null = null;

  const onDismiss = options.onDismiss;
  if (onDismiss !== undefined) {
    onItemButton(list, 'button.alert-dismiss', 'li.alert', (item) => {
      const key = keyOf.get(item);
      if (key !== undefined && items.get(key)?.node === item) onDismiss(key);
    });
  }

  return {
    render(state) {
      if (state === last) return;
      last = state;
      // When the focused dismiss button goes away, focus moves to the alert now at its place
      // (or the last one), so keyboard users are not dropped to <body>.
      const active = doc.activeElement;
      let focusIndex = -1;
      let index = 0;
      for (const child of list.children) {
        if (active !== null && child.contains(active)) focusIndex = index;
        index++;
      }

      items = reconcileKeyed(list, state.entries, (entry) => entry.key, items, (entry, rendered) => {
        if (rendered !== undefined) return rendered;
        const node = createAlertElement(doc, entry.alert);
        keyOf.set(node, entry.key);
        return { node };
      });

      if (focusIndex >= 0 && active !== null && !active.isConnected) {
        const target = list.children[Math.min(focusIndex, list.children.length - 1)];
        target?.querySelector<HTMLButtonElement>('button.alert-dismiss')?.focus();
      }
    },
  };
}

export interface AlertsControllerOptions extends AlertsStateOptions {
  /** Clock in ms; only differences matter (default performance.now(), monotonic). */
  readonly now?: () => number;
  readonly setTimer?: (callback: () => void, ms: number) => unknown;
  readonly clearTimer?: (handle: unknown) => void;
  /** Where the alerts live (the page's store); by default a slice of its own. */
  readonly store?: Slice<AlertsState>;
}

export interface AlertsController {
  readonly state: AlertsState;
  /** Shows an alert unless it was seen before; true when it was new. */
  add(alert: Alert): boolean;
  /**
   * Adds alerts in arrival order (a snapshot's, oldest first) through the same de-duplication as
   * add(), rendering once; returns how many were new.
   */
  addAll(alerts: Iterable<Alert>): number;
  dismiss(key: string): void;
  /** Removes the shown alerts `keep` rejects (they stay seen). */
  retain(keep: (alert: Alert) => boolean): void;
  /** Stops the expiry timer. */
  close(): void;
}

/**
 * View + one timer for the next expiry, over the alerts in the page store. Alerts are rare, so every change renders at once.
 */
export function createAlertsController(list: HTMLElement, options: AlertsControllerOptions = {}): AlertsController {
  const now = options.now ?? (() => performance.now());
  const setTimer = options.setTimer ?? ((cb: () => void, ms: number) => setTimeout(cb, ms));
  const clearTimer =
    options.clearTimer ?? ((h: unknown) => clearTimeout(h as ReturnType<typeof setTimeout>));

  const store = options.store ?? localSlice(createAlertsState(options));
  let timer: unknown = null;
  let timerAt: number | null = null;
  let closed = false;

  const schedule = (): void => {
    const at = closed ? null : nextExpiry(store.get());
    if (at === timerAt) return;
    if (timer !== null) clearTimer(timer);
    timer = null;
    timerAt = at;
    if (at === null) return;
    timer = setTimer(() => {
      timer = null;
      timerAt = null;
      update(expireAlerts(store.get(), now()));
      schedule();
    }, Math.max(0, at - now()));
  };

  const update = (next: AlertsState): void => {
    if (next === store.get()) return;
    store.set(next);
    view.render(next);
    schedule();
  };

  const view = createAlertsView(list, {
    onDismiss: (key) => update(dismissAlert(store.get(), key)),
  });
  view.render(store.get());

  return {
    get state() {
      return store.get();
    },
    add(alert) {
      const before = store.get().seen;
      update(addAlert(store.get(), alert, now()));
      return store.get().seen !== before;
    },
    addAll(alerts) {
      const at = now();
      let next = store.get();
      let added = 0;
      for (const alert of alerts) {
        const before = next.seen;
        next = addAlert(next, alert, at);
        if (next.seen !== before) added++;
      }
      update(next);
      return added;
    },
    dismiss(key) {
      update(dismissAlert(store.get(), key));
    },
    retain(keep) {
      update(retainAlerts(store.get(), keep));
    },
    close() {
      closed = true;
      schedule();
    },
  };
}
