// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createConferenceFilterView, NO_CONFERENCES_TEXT } from '../src/filter/filter-view';

function setup() {
  document.body.replaceChildren();
  const fieldset = document.createElement('fieldset');
  fieldset.id = 'conference-filter';
  const legend = document.createElement('legend');
  legend.textContent = 'Conferences';
  fieldset.append(legend);
  document.body.append(fieldset);
  const onChange = vi.fn<(selected: string[]) => void>();
  const view = createConferenceFilterView(fieldset, { onChange });
  const boxes = () => [...fieldset.querySelectorAll<HTMLInputElement>('input[type=checkbox][name=conference]')];
  const all = fieldset.querySelector<HTMLButtonElement>('button.conference-filter-all')!;
  const empty = fieldset.querySelector<HTMLElement>('.conference-filter-empty')!;
  return { fieldset, view, onChange, boxes, all, empty };
}

describe('#conference-filter', () => {
  beforeEach(() => vi.stubGlobal('alert', vi.fn()));

  it('offers one checkbox per conference, sorted, the selected ones checked', () => {
    const { fieldset, view, boxes, all, empty } = setup();
    view.render([], []);
    expect(empty.hidden).toBe(false);
    expect(empty.textContent).toBe(NO_CONFERENCES_TEXT);
    expect(all.getAttribute('aria-pressed')).toBe('true');

    view.render(['javaone', 'devoxx'], ['javaone']);
    expect(empty.hidden).toBe(true);
    expect(boxes().map((b) => [b.value, b.checked])).toEqual([
      ['devoxx', false],
      ['javaone', true],
    ]);
    expect(all.getAttribute('aria-pressed')).toBe('false');
    expect(all.type).toBe('button');
    // Each checkbox is labelled by its conference (the label wraps it).
    const label = fieldset.querySelector<HTMLLabelElement>('label.conference-option[data-conference="javaone"]')!;
    expect(label.contains(boxes()[1]!)).toBe(true);
    expect(label.textContent).toBe('javaone');
  });

  it('reports the checked conferences on change; "All conferences" clears them', () => {
    const { view, onChange, boxes, all } = setup();
    view.render(['javaone', 'devoxx', 'kotlinconf'], ['javaone']);
    boxes()[0]!.click(); // devoxx on
    expect(onChange).toHaveBeenLastCalledWith(['devoxx', 'javaone']);
    boxes()[1]!.click(); // javaone off
    expect(onChange).toHaveBeenLastCalledWith(['devoxx']);
    all.click();
    expect(onChange).toHaveBeenLastCalledWith([]);
    expect(boxes().every((b) => !b.checked)).toBe(true);
  });

  it('updates in place: new conferences appear without replacing the focused checkbox', () => {
    const { view, boxes } = setup();
    view.render(['javaone'], []);
    const javaone = boxes()[0]!;
    javaone.focus();
    view.render(['javaone', 'devoxx', 'apache'], ['javaone']);
    expect(boxes().map((b) => b.value)).toEqual(['apache', 'devoxx', 'javaone']);
    expect(boxes()[2]).toBe(javaone);
    expect(javaone.checked).toBe(true);
    expect(document.activeElement).toBe(javaone);
  });

  it('keeps focus in the filter when the focused option goes away', () => {
    const { view, boxes } = setup();
    view.render(['a', 'b', 'c'], ['b']);
    boxes()[1]!.focus();
    view.render(['a', 'c'], []);
    expect(document.activeElement).toBe(boxes()[1]);
    expect(boxes()[1]!.value).toBe('c');
  });

  it('shows hostile names as text', () => {
    const { fieldset, view, boxes } = setup();
    const hostile = '<img src=x onerror=alert(1)>';
    view.render([hostile], [hostile]);
    expect(boxes()[0]!.value).toBe(hostile);
    expect(fieldset.querySelector('.conference-option-name')!.textContent).toBe(hostile);
    expect(fieldset.querySelectorAll('img, script').length).toBe(0);
  });
});
