// The conference filter: which conferences the page (and its update stream) is limited to, kept in
// the page URL as `?conference=a&conference=b`, and the list of conferences offered. Pure, no DOM.
//
// The server (`GET /api/updates?conference=…`) splits values on commas, trims them, compares them
// case-insensitively, and answers 400 for more than 50 names or a name over 100 characters; the
// filter is normalised the same way so the page never asks for something the server rejects.

export const FILTER_PARAM = 'conference';
export const MAX_FILTER_CONFERENCES = 50;
export const MAX_CONFERENCE_NAME_LENGTH = 100;
/** Conferences remembered for the filter's option list (the least recently seen first go). */
export const MAX_KNOWN_CONFERENCES = 200;
/** The overall findings' conference; not a conference one can filter on. */
export const ALL_CONFERENCES = '*';

/** Normalised: unique (case-insensitively), sorted, at most MAX_FILTER_CONFERENCES; empty = everything. */
export type ConferenceFilter = readonly string[];

const fold = (name: string): string => name.toLowerCase();

/** Case-insensitive order, ties broken by the exact string, so it is stable across locales. */
export function compareConferences(a: string, b: string): number {
  const fa = fold(a);
  const fb = fold(b);
  if (fa !== fb) return fa < fb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A name that can be filtered on: non-blank, no comma, not `*`, at most 100 characters, trimmed. */
export function isFilterableConference(name: unknown): name is string {
  return (
    typeof name === 'string' &&
    name.length > 0 &&
    name.length <= MAX_CONFERENCE_NAME_LENGTH &&
    name === name.trim() &&
    !name.includes(',') &&
    name !== ALL_CONFERENCES
  );
}

/**
 * Values as they come from a URL (each may be comma-separated) into a filter: trimmed, empty,
 * over-long and `*` names dropped, de-duplicated case-insensitively (first spelling wins), sorted,
 * at most MAX_FILTER_CONFERENCES (the first ones given).
 */
export function normaliseFilter(values: Iterable<string>): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const value of values) {
    for (const raw of value.split(',')) {
      const name = raw.trim();
      if (!isFilterableConference(name) || seen.has(fold(name))) continue;
      if (out.length >= MAX_FILTER_CONFERENCES) return out.sort(compareConferences);
      seen.add(fold(name));
      out.push(name);
    }
  }
  return out.sort(compareConferences);
}

/** The filter in a query string (`location.search`, with or without `?`). */
export function parseFilter(search: string): string[] {
  return normaliseFilter(new URLSearchParams(search).getAll(FILTER_PARAM));
}

/** `conference=a&conference=b` (URL-encoded; no `?`); empty for no filter. */
export function filterQuery(filter: ConferenceFilter): string {
  return filter.map((name) => `${FILTER_PARAM}=${encodeURIComponent(name)}`).join('&');
}

/** The update stream's URL for a filter: `/api/updates` or `/api/updates?conference=a&conference=b`. */
export function updatesUrl(filter: ConferenceFilter, base = '/api/updates'): string {
  const query = filterQuery(filter);
  return query.length === 0 ? base : `${base}?${query}`;
}

/** The decoded name of a `name=value` query pair (the raw name when it does not decode). */
export function paramName(pair: string): string {
  const eq = pair.indexOf('=');
  const raw = (eq >= 0 ? pair.slice(0, eq) : pair).replace(/\+/g, ' ');
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

export interface PageLocation {
  readonly pathname: string;
  readonly search: string;
  readonly hash: string;
}

/**
 * The page URL (path, query, hash) for a filter: the `conference` parameters replaced by the
 * filter's, every other query parameter kept as it is.
 */
export function pageUrl(location: PageLocation, filter: ConferenceFilter): string {
  const search = location.search.startsWith('?') ? location.search.slice(1) : location.search;
  const others = search.split('&').filter((pair) => pair.length > 0 && paramName(pair) !== FILTER_PARAM);
  const query = [...others, ...(filter.length > 0 ? [filterQuery(filter)] : [])].join('&');
  return `${location.pathname}${query.length > 0 ? `?${query}` : ''}${location.hash}`;
}

export function sameFilter(a: ConferenceFilter, b: ConferenceFilter): boolean {
  return a.length === b.length && a.every((name, i) => name === b[i]);
}

/** Whether the filter lets a conference through (no filter: everything; case-insensitive). */
export function filterIncludes(filter: ConferenceFilter, conference: string | null): boolean {
  if (filter.length === 0) return true;
  if (conference === null) return false;
  const folded = fold(conference);
  return filter.some((name) => fold(name) === folded);
}

/** The filter with a conference switched on or off (still normalised; at most 50). */
export function toggleConference(filter: ConferenceFilter, conference: string, on: boolean): string[] {
  const folded = fold(conference);
  const rest = filter.filter((name) => fold(name) !== folded);
  return normaliseFilter(on ? [...rest, conference] : rest);
}

/** Conferences seen so far, in the order first seen, unique case-insensitively, bounded. */
export type KnownConferences = readonly string[];

/**
 * `known` plus the new filterable names among `names` (null, `*`, blank and over-long ones are
 * skipped; a name already known, in any case, is not added again). Beyond `max` the first seen
 * go. The very same array when nothing changed, so a render can skip the option list.
 */
export function addConferences(
  known: KnownConferences,
  names: Iterable<string | null>,
  max: number = MAX_KNOWN_CONFERENCES,
): KnownConferences {
  let next: string[] | null = null;
  let folded: Set<string> | null = null;
  for (const name of names) {
    if (!isFilterableConference(name) || (next === null && known.includes(name))) continue;
    folded ??= new Set(known.map(fold));
    if (folded.has(fold(name))) continue;
    folded.add(fold(name));
    (next ??= [...known]).push(name);
  }
  if (next === null) return known;
  return next.length > max ? next.slice(next.length - max) : next;
}

/** What the filter offers: every known conference plus the selected ones, sorted, unique. */
export function conferenceOptions(known: KnownConferences, filter: ConferenceFilter): string[] {
  const byFold = new Map<string, string>();
  for (const name of filter) byFold.set(fold(name), name);
  for (const name of known) if (!byFold.has(fold(name))) byFold.set(fold(name), name);
  return [...byFold.values()].sort(compareConferences);
}
