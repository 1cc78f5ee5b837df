// Live queries (streaming SQL run by analytics): the pure part of the page's panel. Parses what the
// queries API and the `query-result` events send (every value from outside is checked, never trusted),
// turns a result into a table of strings and, for a windowed count, into bars; builds the URLs.

import type { LiveQueryResultChanged } from '../contracts.generated';

export interface QueryExample {
  readonly name: string;
  readonly sql: string;
}

export const EXAMPLES: readonly QueryExample[] = [
  {
    name: 'Burst alert: more than 20 tweets a minute per conference',
    sql: 'SELECT conference, COUNT(*) AS tweets, WINDOWSTART AS minute FROM tweets\nWINDOW TUMBLING (SIZE 1 MINUTE)\nGROUP BY conference HAVING COUNT(*) > 20',
  },
  {
    name: 'Trending hashtags per conference',
    sql: 'SELECT conference, TOPK(hashtag, 5) AS trending FROM tweets\nWINDOW HOPPING (SIZE 5 MINUTES, ADVANCE BY 30 SECONDS)\nGROUP BY conference',
  },
  {
    name: "Tweets about 'keynote' per minute",
    sql: "SELECT WINDOWSTART AS minute, COUNT(*) AS tweets FROM tweets\nWHERE CONTAINS(text, 'keynote')\nWINDOW TUMBLING (SIZE 1 MINUTE)",
  },
];

/** A query as GET /api/queries lists it. */
export interface QueryInfo {
  readonly id: string;
  readonly name: string;
  readonly sql: string;
  readonly status: string;
  readonly reason: string | null;
}

export interface QueryColumn {
  readonly name: string;
  readonly type: string;
}

/** A query's whole current result, as a `query-result` event carries it (checked). */
export interface QueryResult {
  readonly queryId: string;
  readonly name: string;
  readonly status: string;
  readonly reason: string | null;
  readonly windowed: boolean;
  readonly columns: readonly QueryColumn[];
  readonly rows: readonly (readonly unknown[])[];
  readonly totalRows: number;
}

/** An error to show by the editor: the problem's text and, when the server named it, where. */
export interface InlineError {
  readonly message: string;
  readonly line: number | null;
  readonly column: number | null;
  readonly position: number | null;
}

export const QUERY_ID = /^q-[0-9a-f]{12}$/;
/** The page's URL parameter naming a shared query. */
export const QUERY_PARAM = 'query';
/** At most this many queries are watched at once (the push gateway's limit). */
export const MAX_WATCHED = 10;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown, max = 4_000): string | null =>
  typeof value === 'string' && value.length <= max ? value : null;
const whole = (value: unknown): number | null =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : null;

export function parseQueryInfo(value: unknown): QueryInfo | null {
  if (!isRecord(value)) return null;
  const id = text(value['id'], 20);
  const name = text(value['name'], 200);
  const sql = text(value['sql']);
  const status = text(value['status'], 20);
  if (id === null || !QUERY_ID.test(id) || name === null || sql === null || status === null) return null;
  return { id, name, sql, status, reason: text(value['reason']) };
}

export function parseQueryList(value: unknown): QueryInfo[] {
  return Array.isArray(value) ? value.map(parseQueryInfo).filter((q): q is QueryInfo => q !== null) : [];
}

export function parseQueryResult(value: unknown): QueryResult | null {
  if (!isRecord(value)) return null;
  const wire = value as Partial<Record<keyof LiveQueryResultChanged, unknown>>;
  const queryId = text(wire.queryId, 20);
  const name = text(wire.name, 200);
  const status = text(wire.status, 20);
  const totalRows = whole(wire.totalRows);
  if (queryId === null || !QUERY_ID.test(queryId) || name === null || status === null || totalRows === null) return null;
  if (!Array.isArray(wire.columns) || !Array.isArray(wire.rows)) return null;
  const columns: QueryColumn[] = [];
  for (const column of wire.columns) {
    if (!isRecord(column)) return null;
    const columnName = text(column['name'], 200);
    const type = text(column['type'], 20);
    if (columnName === null || type === null) return null;
    columns.push({ name: columnName, type });
  }
  const rows = wire.rows.filter((row): row is unknown[] => Array.isArray(row) && row.length === columns.length);
  return { queryId, name, status, reason: text(wire.reason), windowed: wire.windowed === true, columns, rows, totalRows };
}

/** The problem details of a 4xx answer as an inline error; `fallback` when the body is not one. */
export function parseProblem(value: unknown, fallback: string): InlineError {
  if (!isRecord(value)) return { message: fallback, line: null, column: null, position: null };
  const detail = text(value['detail']) ?? text(value['title']) ?? fallback;
  return { message: detail, line: whole(value['line']), column: whole(value['column']), position: whole(value['position']) };
}

/** "Line 2, column 7" (or nothing) for showing under the editor. */
export function errorPlace(error: InlineError): string {
  return error.line !== null && error.column !== null ? `Line ${error.line}, column ${error.column}` : '';
}

/** One cell as text: rankings as "value (count), …", timestamps as UTC time, numbers without noise. */
export function formatCell(value: unknown, type: string): string {
  if (value === null || value === undefined) return '—';
  if (type === 'ranking' && Array.isArray(value)) {
    return value
      .filter(isRecord)
      .map((entry) => `${formatCell(entry['value'], 'string')} (${formatCell(entry['count'], 'number')})`)
      .join(', ');
  }
  if (type === 'timestamp' && typeof value === 'string') {
    const time = Date.parse(value);
    return Number.isNaN(time) ? value : new Date(time).toISOString().slice(0, 19).replace('T', ' ') + ' UTC';
  }
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(2);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

export interface ResultTable {
  readonly headers: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** "showing 200 of 340 rows" when cut, else "3 rows". */
  readonly caption: string;
}

export function resultTable(result: QueryResult): ResultTable {
  const rows = result.rows.map((row) => row.map((value, i) => formatCell(value, result.columns[i]?.type ?? 'string')));
  const caption =
    result.totalRows > rows.length
      ? `showing ${rows.length} of ${result.totalRows} rows`
      : `${rows.length} ${rows.length === 1 ? 'row' : 'rows'}`;
  return { headers: result.columns.map((c) => c.name), rows, caption };
}

export interface Bar {
  /** The window's start (ms since the epoch). */
  readonly start: number;
  readonly value: number;
}

/**
 * Bars of a windowed count: the first number column summed per window start (the first timestamp column),
 * oldest first, at most `max` windows. Null when the result is not windowed or lacks such columns.
 */
export function windowBars(result: QueryResult, max = 30): Bar[] | null {
  if (!result.windowed) return null;
  const time = result.columns.findIndex((c) => c.type === 'timestamp');
  const number = result.columns.findIndex((c) => c.type === 'number');
  if (time < 0 || number < 0) return null;
  const sums = new Map<number, number>();
  for (const row of result.rows) {
    const start = typeof row[time] === 'string' ? Date.parse(row[time]) : NaN;
    const value = row[number];
    if (Number.isNaN(start) || typeof value !== 'number' || !Number.isFinite(value)) continue;
    sums.set(start, (sums.get(start) ?? 0) + value);
  }
  return [...sums.entries()]
    .sort((a, b) => a[0] - b[0])
    .slice(-max)
    .map(([start, value]) => ({ start, value }));
}

/** The stream of the watched queries' results only (the page's main stream carries the rest). */
export function queriesStreamUrl(ids: readonly string[], path = '/api/updates'): string {
  const valid = [...new Set(ids.filter((id) => QUERY_ID.test(id)))].slice(0, MAX_WATCHED);
  return `${path}?only=queries&query=${valid.join(',')}`;
}

/** The query named in the page's URL (`?query=<id>`), if it is a well-formed id. */
export function sharedQueryId(search: string): string | null {
  const id = new URLSearchParams(search).get(QUERY_PARAM);
  return id !== null && QUERY_ID.test(id) ? id : null;
}

/** The page's URL sharing `id`: other parameters (a conference filter) kept; never the secret. */
export function shareUrl(origin: string, pathname: string, search: string, id: string): string {
  const params = new URLSearchParams(search);
  params.set(QUERY_PARAM, id);
  return `${origin}${pathname}?${params.toString()}`;
}
