// Post-build guard: the gateway serves dist/ under
//   default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https: data:; connect-src 'self'
// so the built HTML must not contain inline scripts, inline styles, inline event handlers or
// javascript: URLs, and the JS must not use HTML-parsing sinks or eval.
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

const dist = new URL('../dist/', import.meta.url).pathname;

async function* walk(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else yield path;
  }
}

const htmlRules = [
  [/<script\b(?![^>]*\bsrc\s*=)[^>]*>/i, 'inline <script> (no src)'],
  [/<style\b/i, 'inline <style> element'],
  [/\sstyle\s*=/i, 'inline style attribute'],
  [/\son[a-z]+\s*=/i, 'inline event handler attribute'],
  [/javascript:/i, 'javascript: URL'],
  [/<(?:script|link)\b[^>]*\b(?:src|href)\s*=\s*["']?(?:https?:)?\/\//i, 'cross-origin script/style'],
];
const jsRules = [
  [/\.innerHTML\b/, 'innerHTML'],
  [/\.outerHTML\b/, 'outerHTML'],
  [/insertAdjacentHTML/, 'insertAdjacentHTML'],
  [/document\.write/, 'document.write'],
  [/\beval\s*\(/, 'eval('],
  [/\bnew\s+Function\s*\(/, 'new Function('],
];

const problems = [];
let htmlCount = 0;
for await (const file of walk(dist)) {
  const rules = file.endsWith('.html') ? htmlRules : file.endsWith('.js') ? jsRules : null;
  if (rules === null) continue;
  if (file.endsWith('.html')) htmlCount++;
  const text = await readFile(file, 'utf8');
  for (const [pattern, what] of rules) {
    if (pattern.test(text)) problems.push(`${relative(dist, file)}: ${what}`);
  }
}

if (htmlCount === 0) problems.push('no .html file in dist/');
if (problems.length > 0) {
  console.error('CSP check failed:\n  ' + problems.join('\n  '));
  process.exit(1);
}
console.log(`CSP check passed (${htmlCount} html file(s) in dist/).`);
