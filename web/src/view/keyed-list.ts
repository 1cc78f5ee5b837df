// The page's small view library: one keyed-list reconciler for every list the page renders (tweets, alerts,
// panel groups) and one delegated click handler for the buttons in them. DOM calls only (createElement,
// insertBefore, remove): no HTML parsing, no eval, no inline styles, so it works under the page's strict CSP.

/** What a list keeps per item: at least its node. */
export interface Rendered {
  readonly node: ChildNode;
}

/**
 * Brings `parent`'s children in line with `entries`, in their order: `render` gets each entry with what was
 * rendered for its key last time (undefined for a new key) and returns it (kept, maybe updated in place) or a new
 * one (which replaces it). Nodes are moved only where the order changed; children after the last entry are
 * removed, so `parent` must hold nothing else. Returns what was rendered, by key, for the next call.
 */
export function reconcileKeyed<E, R extends Rendered>(
  parent: Node,
  entries: Iterable<E>,
  keyOf: (entry: E) => string,
  previous: ReadonlyMap<string, R>,
  render: (entry: E, old: R | undefined) => R,
): Map<string, R> {
  const next = new Map<string, R>();
  let cursor: ChildNode | null = parent.firstChild;
  for (const entry of entries) {
    const key = keyOf(entry);
    const old = previous.get(key);
    const rendered = render(entry, old);
    if (old !== undefined && rendered !== old) {
      if (cursor === old.node) cursor = old.node.nextSibling;
      old.node.remove();
    }
    next.set(key, rendered);
    if (rendered.node === cursor) cursor = cursor.nextSibling;
    else parent.insertBefore(rendered.node, cursor);
  }
  while (cursor !== null) {
    const stale: ChildNode = cursor;
    cursor = cursor.nextSibling;
    stale.remove();
  }
  return next;
}

/**
 * One listener on `list` for every `button` inside an `item` of it (a click, or Enter / Space on the button):
 * `handler` gets the item element. Keeps working while items come and go around it.
 */
export function onItemButton(list: HTMLElement, button: string, item: string, handler: (item: Element, button: Element) => void): void {
  list.addEventListener('click', (event) => {
    const target = event.target as Node | null;
    const origin = target !== null && target.nodeType === 1 ? (target as Element) : (target?.parentElement ?? null);
    const pressed = origin?.closest(button) ?? null;
    const owner = pressed?.closest(item) ?? null;
    if (pressed === null || owner === null || !list.contains(owner)) return;
    handler(owner, pressed);
  });
}
