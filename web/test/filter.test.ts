import { describe, expect, it } from 'vitest';
import {
  MAX_FILTER_CONFERENCES,
  MAX_KNOWN_CONFERENCES,
  addConferences,
  conferenceOptions,
  filterIncludes,
  filterQuery,
  normaliseFilter,
  pageUrl,
  parseFilter,
  sameFilter,
  toggleConference,
  updatesUrl,
} from '../src/filter/filter';

const loc = (search: string, pathname = '/', hash = '') => ({ pathname, search, hash });

describe('parseFilter', () => {
  it('reads repeated conference parameters, sorted', () => {
    expect(parseFilter('?conference=javaone&conference=devoxx')).toEqual(['devoxx', 'javaone']);
    expect(parseFilter('conference=javaone')).toEqual(['javaone']);
    expect(parseFilter('')).toEqual([]);
    expect(parseFilter('?other=1')).toEqual([]);
  });

  it('splits commas, trims, drops empty, `*` and over-long names, de-duplicates case-insensitively', () => {
    expect(parseFilter('?conference=b,a&conference=%20c%20&conference=&conference=,,')).toEqual(['a', 'b', 'c']);
    expect(parseFilter('?conference=JavaOne&conference=javaone&conference=*')).toEqual(['JavaOne']);
    expect(parseFilter(`?conference=${'x'.repeat(101)}&conference=${'y'.repeat(100)}`)).toEqual(['y'.repeat(100)]);
  });

  it('decodes names (also +) and keeps hostile text as a plain string', () => {
    expect(parseFilter('?conference=dev%20oxx&conference=a+b')).toEqual(['a b', 'dev oxx']);
    expect(parseFilter(`?conference=${encodeURIComponent('<img src=x onerror=alert(1)>')}`)).toEqual([
      '<img src=x onerror=alert(1)>',
    ]);
  });

  it('keeps at most 50 (the server answers 400 beyond)', () => {
    const search = '?' + Array.from({ length: 60 }, (_, i) => `conference=c${String(i).padStart(2, '0')}`).join('&');
    const f = parseFilter(search);
    expect(f).toHaveLength(MAX_FILTER_CONFERENCES);
    expect(f[0]).toBe('c00');
    expect(f).not.toContain('c50');
  });
});

describe('filter URLs', () => {
  it('serialises as repeated, encoded parameters', () => {
    expect(filterQuery([])).toBe('');
    expect(filterQuery(['a b', 'c&d'])).toBe('conference=a%20b&conference=c%26d');
    expect(updatesUrl([])).toBe('/api/updates');
    expect(updatesUrl(['devoxx', 'javaone'])).toBe('/api/updates?conference=devoxx&conference=javaone');
  });

  it('round-trips through the URL', () => {
    for (const f of [[], ['a'], ['a b', 'c&d', 'é', '<b>x</b>'].sort()]) {
      expect(parseFilter(filterQuery(normaliseFilter(f)))).toEqual(normaliseFilter(f));
    }
  });

  it('builds the page URL keeping other parameters and the hash', () => {
    expect(pageUrl(loc(''), ['javaone'])).toBe('/?conference=javaone');
    expect(pageUrl(loc('?conference=x&lang=de&conference=y', '/live', '#top'), ['a', 'b'])).toBe(
      '/live?lang=de&conference=a&conference=b#top',
    );
    expect(pageUrl(loc('?conference=x'), [])).toBe('/');
    expect(pageUrl(loc('?a=1&conference=x'), [])).toBe('/?a=1');
  });
});

describe('filter helpers', () => {
  it('compares, toggles and matches', () => {
    expect(sameFilter(['a', 'b'], ['a', 'b'])).toBe(true);
    expect(sameFilter(['a'], ['a', 'b'])).toBe(false);
    expect(toggleConference(['b'], 'a', true)).toEqual(['a', 'b']);
    expect(toggleConference(['a', 'b'], 'A', false)).toEqual(['b']);
    expect(toggleConference(['a'], 'a', true)).toEqual(['a']);
    expect(filterIncludes([], 'x')).toBe(true);
    expect(filterIncludes([], null)).toBe(true);
    expect(filterIncludes(['JavaOne'], 'javaone')).toBe(true);
    expect(filterIncludes(['javaone'], 'devoxx')).toBe(false);
    expect(filterIncludes(['javaone'], null)).toBe(false);
  });

  it('toggle never goes beyond 50', () => {
    const full = Array.from({ length: MAX_FILTER_CONFERENCES }, (_, i) => `c${String(i).padStart(2, '0')}`);
    expect(toggleConference(full, 'zz', true)).toEqual(full);
  });
});

describe('known conferences and options', () => {
  it('collects filterable names once, in the order first seen, and keeps the same array when nothing is new', () => {
    let known = addConferences([], ['javaone', null, '*', '', ' padded ', 'devoxx', 'JAVAONE', 'a,b']);
    expect(known).toEqual(['javaone', 'devoxx']);
    const same = addConferences(known, ['devoxx', 'javaone', null]);
    expect(same).toBe(known);
    known = addConferences(known, ['kotlinconf']);
    expect(known).toEqual(['javaone', 'devoxx', 'kotlinconf']);
  });

  it('is bounded', () => {
    const names = Array.from({ length: MAX_KNOWN_CONFERENCES + 10 }, (_, i) => `c${i}`);
    const known = addConferences([], names);
    expect(known).toHaveLength(MAX_KNOWN_CONFERENCES);
    expect(known[0]).toBe('c10');
  });

  it('offers every known conference plus the selected ones, sorted, unique', () => {
    expect(conferenceOptions(['javaone', 'Devoxx'], ['kotlinconf', 'devoxx'])).toEqual(['devoxx', 'javaone', 'kotlinconf']);
    expect(conferenceOptions([], [])).toEqual([]);
  });
});
