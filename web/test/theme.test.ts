// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import {
  THEME_KEY,
  createThemeController,
  effectiveTheme,
  loadThemeChoice,
  otherTheme,
  parseTheme,
  saveThemeChoice,
  type MediaQueryLike,
} from '../src/theme';
import { createSafeStorage, type StorageLike } from '../src/viewer';

function memoryStorage(initial: Record<string, string> = {}): StorageLike & { data: Map<string, string> } {
  const data = new Map(Object.entries(initial));
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

class FakeMedia implements MediaQueryLike {
  private readonly listeners: (() => void)[] = [];
  constructor(public matches: boolean) {}
  addEventListener(_type: 'change', listener: () => void): void {
    this.listeners.push(listener);
  }
  set(matches: boolean): void {
    this.matches = matches;
    for (const l of this.listeners) l();
  }
}

describe('theme choice (pure)', () => {
  it('parses only light and dark', () => {
    expect(parseTheme('dark')).toBe('dark');
    expect(parseTheme('light')).toBe('light');
    for (const bad of [null, '', 'Dark', 'system', 1, '<b>dark</b>']) expect(parseTheme(bad)).toBeNull();
  });

  it('follows the system unless the viewer chose', () => {
    expect(effectiveTheme(null, true)).toBe('dark');
    expect(effectiveTheme(null, false)).toBe('light');
    expect(effectiveTheme('light', true)).toBe('light');
    expect(effectiveTheme('dark', false)).toBe('dark');
    expect(otherTheme('dark')).toBe('light');
    expect(otherTheme('light')).toBe('dark');
  });

  it('stores the choice under tweetplatform.theme and ignores junk', () => {
    const storage = memoryStorage({ [THEME_KEY]: 'purple' });
    expect(THEME_KEY).toBe('tweetplatform.theme');
    expect(loadThemeChoice(storage)).toBeNull();
    saveThemeChoice(storage, 'dark');
    expect(storage.data.get(THEME_KEY)).toBe('dark');
    expect(loadThemeChoice(storage)).toBe('dark');
  });
});

describe('theme controller', () => {
  let root: HTMLElement;
  let button: HTMLButtonElement;
  beforeEach(() => {
    root = document.createElement('div');
    button = document.createElement('button');
    button.id = 'theme-toggle';
    button.textContent = 'Dark theme';
    document.body.replaceChildren(button);
  });

  it('follows the system by default, including later changes', () => {
    const media = new FakeMedia(true);
    const storage = memoryStorage();
    const theme = createThemeController({ root, button, storage, media });
    expect(root.dataset['theme']).toBe('dark');
    expect(root.dataset['themeSource']).toBe('system');
    expect(button.getAttribute('aria-pressed')).toBe('true');
    media.set(false);
    expect(root.dataset['theme']).toBe('light');
    expect(button.getAttribute('aria-pressed')).toBe('false');
    expect(theme.choice).toBeNull();
    expect(storage.data.size).toBe(0);
  });

  it('the button switches to the other theme, persists it, and then ignores the system', () => {
    const media = new FakeMedia(false);
    const storage = memoryStorage();
    createThemeController({ root, button, storage, media });
    expect(button.type).toBe('button');
    button.click();
    expect(root.getAttribute('data-theme')).toBe('dark');
    expect(root.dataset['themeSource']).toBe('user');
    expect(button.getAttribute('aria-pressed')).toBe('true');
    expect(storage.data.get(THEME_KEY)).toBe('dark');
    media.set(true);
    media.set(false);
    expect(root.dataset['theme']).toBe('dark');
    button.click();
    expect(root.dataset['theme']).toBe('light');
    expect(storage.data.get(THEME_KEY)).toBe('light');
  });

  it('a stored choice wins over the system on load; works without matchMedia or storage', () => {
    createThemeController({ root, button, storage: memoryStorage({ [THEME_KEY]: 'light' }), media: new FakeMedia(true) });
    expect(root.dataset['theme']).toBe('light');
    const other = document.createElement('div');
    const failing = createSafeStorage({
      getItem() {
        throw new Error('SecurityError');
      },
      setItem() {
        throw new Error('QuotaExceededError');
      },
    });
    const theme = createThemeController({ root: other, button: null, storage: failing, media: null });
    expect(other.dataset['theme']).toBe('light');
    theme.toggle();
    expect(other.dataset['theme']).toBe('dark');
    expect(theme.choice).toBe('dark');
  });

  it('is operable by keyboard: it is a real button with a name', () => {
    createThemeController({ root, button, storage: memoryStorage(), media: null });
    button.focus();
    expect(document.activeElement).toBe(button);
    expect(button.tagName).toBe('BUTTON');
    expect(button.textContent).toBe('Dark theme');
  });
});
