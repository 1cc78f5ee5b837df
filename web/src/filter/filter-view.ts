// `#conference-filter`: a group of checkboxes, one per conference offered (every conference seen
// so far plus the selected ones), and an "All conferences" button that clears the filter. The
// options are updated in place (keyed, case-insensitively), so focus and keyboard use survive new
// conferences appearing. Names come from the server: textContent and value only.

import { reconcileKeyed } from '../view/keyed-list';
import { compareConferences, type ConferenceFilter } from './filter';

export const ALL_BUTTON_TEXT = 'All conferences';
export const NO_CONFERENCES_TEXT = 'No conferences seen yet';

export interface ConferenceFilterViewOptions {
  /** Called with the new selection (checked conferences, in option order) after a user change. */
  readonly onChange: (selected: string[]) => void;
}

export interface ConferenceFilterView {
  /** Shows `options` (sorted) with the conferences of `selected` checked. */
  render(options: readonly string[], selected: ConferenceFilter): void;
}

interface Option {
  readonly node: HTMLLabelElement;
  readonly input: HTMLInputElement;
}

const fold = (name: string): string => name.toLowerCase();

/**
 * Fills the container (a `<fieldset id="conference-filter">` with a `<legend>`) with
 * `button.conference-filter-all` (aria-pressed while no filter is set), `.conference-options`
 * holding `label.conference-option[data-conference] > input[type=checkbox][name=conference][value]
 * + span.conference-option-name`, and `.conference-filter-empty` while there is no option.
 */
export function createConferenceFilterView(
  container: HTMLElement,
  options: ConferenceFilterViewOptions,
): ConferenceFilterView {
  const doc = container.ownerDocument;

  let all = container.querySelector<HTMLButtonElement>('button.conference-filter-all');
  if (all === null) {
    all = doc.createElement('button');
    all.className = 'conference-filter-all';
    all.textContent = ALL_BUTTON_TEXT;
    container.append(all);
  }
  all.type = 'button';
  const allButton = all;

  let list = container.querySelector<HTMLElement>('.conference-options');
  if (list === null) {
    list = doc.createElement('div');
    list.className = 'conference-options';
    container.append(list);
  }
  const optionList = list;

  let empty = container.querySelector<HTMLElement>('.conference-filter-empty');
  if (empty === null) {
    empty = doc.createElement('p');
    empty.className = 'conference-filter-empty';
    empty.textContent = NO_CONFERENCES_TEXT;
    container.append(empty);
  }
  const emptyNote = empty;

  let rendered = new Map<string, Option>();

  const selectedNow = (): string[] =>
    [...rendered.values()].filter((o) => o.input.checked).map((o) => o.input.value);

  optionList.addEventListener('change', (event) => {
    const target = event.target;
    if (!(target instanceof Element) || target.tagName !== 'INPUT' || (target as HTMLInputElement).type !== 'checkbox') return;
    options.onChange(selectedNow());
  });
  allButton.addEventListener('click', () => {
    for (const o of rendered.values()) o.input.checked = false;
    options.onChange([]);
  });

  const createOption = (name: string): Option => {
    const label = doc.createElement('label');
    label.className = 'conference-option';
    label.dataset['conference'] = name;
    const input = doc.createElement('input');
    input.type = 'checkbox';
    input.name = 'conference';
    input.value = name;
    const text = doc.createElement('span');
    text.className = 'conference-option-name';
    text.textContent = name;
    label.append(input, text);
    return { node: label, input };
  };

  return {
    render(names, selected) {
      const chosen = new Set(selected.map(fold));
      const active = doc.activeElement;
      let focusIndex = -1;
      [...rendered.values()].forEach((o, i) => {
        if (o.input === active) focusIndex = i;
      });

      // One option per name, whatever its case (the first spelling in sorted order).
      const unique = new Map<string, string>();
      for (const name of [...names].sort(compareConferences)) if (!unique.has(fold(name))) unique.set(fold(name), name);
      rendered = reconcileKeyed(optionList, unique, ([key]) => key, rendered, ([key, name], option) => {
        const kept = option !== undefined && option.input.value === name ? option : createOption(name);
        const checked = chosen.has(key);
        if (kept.input.checked !== checked) kept.input.checked = checked;
        return kept;
      });

      // The focused option went away: keep keyboard users in the filter.
      if (focusIndex >= 0 && active !== null && !active.isConnected) {
        const options = [...rendered.values()];
        (options[Math.min(focusIndex, options.length - 1)]?.input ?? allButton).focus();
      }
      allButton.setAttribute('aria-pressed', selected.length === 0 ? 'true' : 'false');
      emptyNote.hidden = rendered.size > 0;
      container.dataset['selected'] = String(selected.length);
    },
  };
}
