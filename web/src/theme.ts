// Light and dark theme. By default the page follows the system (prefers-color-scheme); the
// `#theme-toggle` button switches to the other theme and remembers that choice in localStorage
// (through the never-throwing storage of viewer.ts). The theme in effect is always set as
// `data-theme="light|dark"` on <html>; `data-theme-source` says whether it is the viewer's choice
// (`user`) or the system's (`system`). The stylesheet also follows prefers-color-scheme by itself
// as long as no data-theme is set (before the script ran).

import type { StorageLike } from './viewer';

export const THEMES = ['light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

export const THEME_KEY = 'tweetplatform.theme';
export const DARK_QUERY = '(prefers-color-scheme: dark)';
export const THEME_TOGGLE_LABEL = 'Dark theme';

export function parseTheme(value: unknown): Theme | null {
  return value === 'light' || value === 'dark' ? value : null;
}

/** The viewer's stored choice; null when there is none (follow the system). */
export function loadThemeChoice(storage: StorageLike): Theme | null {
  return parseTheme(storage.getItem(THEME_KEY));
}

export function saveThemeChoice(storage: StorageLike, theme: Theme): void {
  storage.setItem(THEME_KEY, theme);
}

/** The theme in effect: the viewer's choice, else the system's preference. */
export function effectiveTheme(choice: Theme | null, systemDark: boolean): Theme {
  return choice ?? (systemDark ? 'dark' : 'light');
}

export function otherTheme(theme: Theme): Theme {
  return theme === 'dark' ? 'light' : 'dark';
}

/** The part of MediaQueryList we use (a fake in tests). */
export interface MediaQueryLike {
  readonly matches: boolean;
  addEventListener?(type: 'change', listener: () => void): void;
}

export interface ThemeControllerOptions {
  readonly root: HTMLElement;
  /** `<button id="theme-toggle">`; a toggle button: aria-pressed="true" while dark. */
  readonly button: HTMLButtonElement | null;
  readonly storage: StorageLike;
  /** matchMedia('(prefers-color-scheme: dark)'); null when unavailable (then: light). */
  readonly media: MediaQueryLike | null;
}

export interface ThemeController {
  readonly theme: Theme;
  /** The viewer's stored choice, null while following the system. */
  readonly choice: Theme | null;
  toggle(): void;
}

export function applyTheme(root: HTMLElement, theme: Theme, source: 'user' | 'system'): void {
  if (root.dataset['theme'] !== theme) root.dataset['theme'] = theme;
  if (root.dataset['themeSource'] !== source) root.dataset['themeSource'] = source;
}

export function createThemeController(options: ThemeControllerOptions): ThemeController {
  const { root, button, storage, media } = options;
  let choice = loadThemeChoice(storage);
  let theme: Theme = 'light';

  const update = (): void => {
    theme = effectiveTheme(choice, media?.matches === true);
    applyTheme(root, theme, choice === null ? 'system' : 'user');
    if (button !== null) {
      button.setAttribute('aria-pressed', theme === 'dark' ? 'true' : 'false');
      button.title = theme === 'dark' ? 'Switch to the light theme' : 'Switch to the dark theme';
    }
  };

  const toggle = (): void => {
    choice = otherTheme(theme);
    saveThemeChoice(storage, choice);
    update();
  };

  if (button !== null) {
    button.type = 'button';
    if (button.getAttribute('aria-label') === null && button.textContent?.trim() === '') {
      button.setAttribute('aria-label', THEME_TOGGLE_LABEL);
    }
    button.addEventListener('click', toggle);
  }
  // While following the system, follow its changes too.
  media?.addEventListener?.('change', () => {
    if (choice === null) update();
  });
  update();

  return {
    get theme() {
      return theme;
    },
    get choice() {
      return choice;
    },
    toggle,
  };
}
