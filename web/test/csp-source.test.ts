// Guards the CSP / XSS rules at the source level: no HTML-parsing sinks, no eval, no inline styles.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const srcDir = join(root, 'src');
// Every source file, in the feature folders too.
const sources = (readdirSync(srcDir, { recursive: true }) as string[])
  .filter((f) => f.endsWith('.ts'))
  .map((f) => [f, readFileSync(join(srcDir, f), 'utf8')] as const);

describe('source rules', () => {
  it.each([
    ['innerHTML', /\binnerHTML\b/],
    ['outerHTML', /\bouterHTML\b/],
    ['insertAdjacentHTML', /insertAdjacentHTML/],
    ['document.write', /document\.write/],
    ['eval', /\beval\s*\(/],
    ['new Function', /new\s+Function\s*\(/],
    ['element.style', /\.style\b/],
    ['setAttribute("style")', /setAttribute\(\s*['"]style/],
    ['Number(...) on ids', /Number\(|parseInt\(|parseFloat\(|BigInt\(/],
  ])('src/**/*.ts never uses %s', (_name, pattern) => {
    expect(sources.length).toBeGreaterThan(0);
    for (const [file, text] of sources) expect(text, file).not.toMatch(pattern);
  });

  it('index.html has the hooks and no inline script or style', () => {
    const html = readFileSync(join(root, 'index.html'), 'utf8');
    expect(html).toContain('<title>TweetPlatform — live</title>');
    expect(html).toMatch(/<ol id="tweets"/);
    expect(html).toMatch(/id="empty"/);
    expect(html).toMatch(/id="connection-status"[^>]*>connecting</);
    expect(html).toMatch(/<p id="notice"[^>]*aria-live="polite"[^>]*><\/p>/);
    expect(html).toMatch(/<ul id="alerts"[^>]*aria-live="assertive"[^>]*><\/ul>/);
    // Dashboard regions (browser tests find them by id and data-testid).
    for (const id of ['top-liked', 'trending', 'tweets-per-minute', 'conference-filter', 'theme-toggle']) {
      expect(html).toMatch(new RegExp(`id="${id}"[^>]*data-testid="${id}"`));
    }
    expect(html).toMatch(/<button id="theme-toggle"[^>]*type="button"/);
    expect(html).toMatch(/<fieldset id="conference-filter"/);
    expect(html).not.toMatch(/<script\b(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style\b|\sstyle=|\son[a-z]+=/i);
  });
});
