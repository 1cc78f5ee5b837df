// @vitest-environment happy-dom
// The view library's keyed list: nodes are kept by key, moved only where the order changed, replaced when the
// render says so, and removed when their key is gone.
import { describe, expect, it } from 'vitest';
import { reconcileKeyed, type Rendered } from '../src/view/keyed-list';

interface Item extends Rendered {
  readonly node: HTMLLIElement;
  readonly version: number;
}

function render(parent: HTMLElement, entries: [string, number][], previous: ReadonlyMap<string, Item>) {
  return reconcileKeyed(parent, entries, ([key]) => key, previous, ([key, version], old) => {
    if (old !== undefined && old.version === version) return old;
    const node = document.createElement('li');
    node.textContent = `${key}${version}`;
    return { node, version };
  });
}

describe('reconcileKeyed', () => {
  it('keeps, moves, replaces and removes nodes by key', () => {
    const list = document.createElement('ol');
    const first = render(list, [['a', 1], ['b', 1], ['c', 1]], new Map());
    const [a, b, c] = ['a', 'b', 'c'].map((k) => first.get(k)!.node) as [HTMLLIElement, HTMLLIElement, HTMLLIElement];

    const second = render(list, [['c', 1], ['a', 2], ['d', 1]], first);

    expect([...list.children].map((n) => n.textContent)).toEqual(['c1', 'a2', 'd1']);
    expect(list.children[0]).toBe(c); // kept (moved)
    expect(list.children[1]).not.toBe(a); // replaced: its version changed
    expect(b.isConnected).toBe(false); // its key is gone
    expect([...second.keys()]).toEqual(['c', 'a', 'd']);
  });
});
