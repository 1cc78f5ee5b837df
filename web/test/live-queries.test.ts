import { describe, expect, it } from 'vitest';
import {
  EXAMPLES,
  errorPlace,
  formatCell,
  parseProblem,
  parseQueryList,
  parseQueryResult,
  queriesStreamUrl,
  resultTable,
  shareUrl,
  sharedQueryId,
  windowBars,
} from '../src/queries/live-queries';

const result = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  version: 1,
  queryId: 'q-0123456789ab',
  name: 'per minute',
  status: 'running',
  reason: null,
  windowed: true,
  columns: [
    { name: 'minute', type: 'timestamp' },
    { name: 'conference', type: 'string' },
    { name: 'tweets', type: 'number' },
  ],
  rows: [
    ['2026-12-02T10:01:00.0000000+00:00', 'devoxx', 4],
    ['2026-12-02T10:01:00.0000000+00:00', 'qcon', 2],
    ['2026-12-02T10:00:00.0000000+00:00', 'devoxx', 1],
  ],
  totalRows: 3,
  changedAt: '2026-12-02T10:01:30+00:00',
  ...overrides,
});

describe('live query results', () => {
  it('parses a result and refuses one with a bad id, columns or count', () => {
    expect(parseQueryResult(result())?.rows).toHaveLength(3);
    expect(parseQueryResult(result({ queryId: '<script>' }))).toBeNull();
    expect(parseQueryResult(result({ columns: [{ name: 1 }] }))).toBeNull();
    expect(parseQueryResult(result({ totalRows: -1 }))).toBeNull();
    expect(parseQueryResult('nope')).toBeNull();
    // A row of the wrong width is dropped, not shown misaligned.
    expect(parseQueryResult(result({ rows: [['x']] }))?.rows).toEqual([]);
  });

  it('makes a table of text, with rankings, times and a caption that says when it was cut', () => {
    const table = resultTable(parseQueryResult(result({ totalRows: 250 }))!);
    expect(table.headers).toEqual(['minute', 'conference', 'tweets']);
    expect(table.rows[0]).toEqual(['2026-12-02 10:01:00 UTC', 'devoxx', '4']);
    expect(table.caption).toBe('showing 3 of 250 rows');
    expect(formatCell([{ value: 'kafka', count: 3 }, { value: 'dotnet', count: 1 }], 'ranking')).toBe('kafka (3), dotnet (1)');
    expect(formatCell(null, 'number')).toBe('—');
    expect(formatCell(2.5, 'number')).toBe('2.50');
    expect(formatCell('<b>x</b>', 'string')).toBe('<b>x</b>'); // shown as text by the view
  });

  it('draws bars of a windowed count summed per window, oldest first, and none for other results', () => {
    expect(windowBars(parseQueryResult(result())!)).toEqual([
      { start: Date.parse('2026-12-02T10:00:00Z'), value: 1 },
      { start: Date.parse('2026-12-02T10:01:00Z'), value: 6 },
    ]);
    expect(windowBars(parseQueryResult(result({ windowed: false }))!)).toBeNull();
    expect(windowBars(parseQueryResult(result({ columns: [{ name: 'a', type: 'string' }, { name: 'b', type: 'string' }, { name: 'c', type: 'string' }] }))!)).toBeNull();
  });
});

describe('live query errors and lists', () => {
  it('turns a problem into an inline error with its place', () => {
    const error = parseProblem({ title: 'Invalid query', detail: "Line 1, column 17: expected FROM, found 'FORM'", line: 1, column: 17, position: 16 }, 'x');
    expect(error).toEqual({ message: "Line 1, column 17: expected FROM, found 'FORM'", line: 1, column: 17, position: 16 });
    expect(errorPlace(error)).toBe('Line 1, column 17');
    expect(parseProblem(null, 'The check failed (500).')).toEqual({ message: 'The check failed (500).', line: null, column: null, position: null });
  });

  it('keeps only well-formed queries of a list', () => {
    const listed = parseQueryList([
      { id: 'q-0123456789ab', name: 'a', sql: 'SELECT COUNT(*) FROM tweets', status: 'stopped', reason: 'too many groups' },
      { id: 'bad', name: 'b', sql: 's', status: 'running' },
      7,
    ]);
    expect(listed).toEqual([{ id: 'q-0123456789ab', name: 'a', sql: 'SELECT COUNT(*) FROM tweets', status: 'stopped', reason: 'too many groups' }]);
    expect(parseQueryList({})).toEqual([]);
  });

  it('has examples for the built-in alert, trending hashtags and a keyword per minute', () => {
    expect(EXAMPLES.map((e) => e.sql)).toEqual([
      expect.stringContaining('HAVING COUNT(*) > 20'),
      expect.stringContaining('TOPK(hashtag, 5)'),
      expect.stringContaining("CONTAINS(text, 'keynote')"),
    ]);
  });
});

describe('live query URLs', () => {
  it('streams only the watched queries, well-formed and at most ten', () => {
    const ids = Array.from({ length: 12 }, (_, i) => `q-${i.toString(16).padStart(12, '0')}`);
    expect(queriesStreamUrl(['q-0123456789ab', 'evil&x=1'])).toBe('/api/updates?only=queries&query=q-0123456789ab');
    expect(queriesStreamUrl(ids).split(',')).toHaveLength(10);
  });

  it('shares a query by URL, keeping the other parameters and reading it back', () => {
    const url = shareUrl('https://tp.example', '/', '?conference=devoxx', 'q-0123456789ab');
    expect(url).toBe('https://tp.example/?conference=devoxx&query=q-0123456789ab');
    expect(sharedQueryId(new URL(url).search)).toBe('q-0123456789ab');
    expect(sharedQueryId('?query=q-1')).toBeNull();
  });
});
