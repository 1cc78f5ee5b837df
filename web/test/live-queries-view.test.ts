// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { ResponseLike } from '../src/likes/like-controller';
import type { EventSourceLike } from '../src/live/connection';
import { createLiveQueriesPanel, SECRET_KEY } from '../src/queries/live-queries-view';

const response = (status: number, body: unknown): ResponseLike => ({
  status,
  headers: { get: () => null },
  json: () => Promise.resolve(body),
});

class FakeSource implements EventSourceLike {
  readyState = 1;
  closed = false;
  private readonly listeners = new Map<string, ((event: Event) => void)[]>();
  constructor(readonly url: string) {}
  addEventListener(type: string, listener: (event: Event) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close(): void {
    this.closed = true;
  }
  emit(type: string, data: unknown): void {
    for (const listener of this.listeners.get(type) ?? []) listener(new MessageEvent(type, { data: JSON.stringify(data) }));
  }
}

const query = { id: 'q-0123456789ab', name: 'kafka <b>now</b>', sql: 'SELECT COUNT(*) AS n FROM tweets', status: 'running', reason: null };
const flush = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

function setUp(search = '') {
  const root = document.createElement('div');
  document.body.replaceChildren(root);
  const requests: { url: string; init: RequestInit }[] = [];
  const answers = new Map<string, ResponseLike>([['GET /api/queries', response(200, [query])]]);
  const sources: FakeSource[] = [];
  const session = new Map<string, string>();
  const panel = createLiveQueriesPanel({
    document,
    root,
    location: { origin: 'https://tp.example', pathname: '/', search },
    fetch: (url, init) => {
      requests.push({ url, init });
      return Promise.resolve(answers.get(`${init.method} ${url}`) ?? response(500, null));
    },
    session: { getItem: (k) => session.get(k) ?? null, setItem: (k, v) => void session.set(k, v) },
    createEventSource: (url) => {
      const source = new FakeSource(url);
      sources.push(source);
      return source;
    },
    setTimeout: (callback) => {
      callback();
      return 0;
    },
  });
  const byTestId = <T extends Element>(id: string): T => root.querySelector(`[data-testid="${id}"]`) as T;
  return { root, panel, requests, answers, sources, session, byTestId };
}

describe('live queries panel', () => {
  it('shows a bad query inline with its place, and checks while typing', async () => {
    const { byTestId, answers } = setUp();
    answers.set('POST /api/queries/check', response(400, { detail: "expected FROM, found 'FORM'", line: 1, column: 17, position: 16 }));
    const editor = byTestId<HTMLTextAreaElement>('query-editor');
    editor.value = 'SELECT COUNT(*) FORM tweets';
    editor.dispatchEvent(new Event('input'));
    await flush();
    const error = byTestId<HTMLElement>('query-error');
    expect(error.hidden).toBe(false);
    expect(error.textContent).toBe("Line 1, column 17: expected FROM, found 'FORM'");

    answers.set('POST /api/queries/check', response(200, { columns: [], windowed: false, aggregates: true }));
    byTestId<HTMLButtonElement>('query-check').click();
    await flush();
    expect(error.hidden).toBe(true);
  });

  it('runs a query with the secret, keeps the secret for the tab only, and watches the new query', async () => {
    const { byTestId, answers, requests, sources, session } = setUp();
    answers.set('POST /api/queries', response(201, query));
    byTestId<HTMLTextAreaElement>('query-editor').value = query.sql;
    byTestId<HTMLInputElement>('query-secret').value = 'operator-secret-123';
    byTestId<HTMLButtonElement>('query-run').click();
    await flush();
    await flush();

    const run = requests.find((r) => r.init.method === 'POST' && r.url === '/api/queries')!;
    expect((run.init.headers as Record<string, string>)['X-Operator-Secret']).toBe('operator-secret-123');
    expect(session.get(SECRET_KEY)).toBe('operator-secret-123');
    expect(sources.at(-1)?.url).toBe('/api/updates?only=queries&query=q-0123456789ab');
    expect(sources.at(-1)?.url).not.toContain('secret');
  });

  it('renders the watched query result as a table of text from the snapshot and live events, and its stop reason', async () => {
    const { byTestId, sources } = setUp('?query=q-0123456789ab');
    await flush();
    const source = sources.at(-1)!;
    const result = (n: number, status = 'running', reason: string | null = null) => ({
      queryId: query.id, name: query.name, status, reason, windowed: false,
      columns: [{ name: 'n', type: 'number' }, { name: 'who', type: 'string' }], rows: [[n, '<img src=x onerror=alert(1)>']], totalRows: 1,
      changedAt: '2026-12-02T10:00:00Z',
    });
    source.emit('snapshot', { tweets: [], queryResults: [result(3)] });
    const table = byTestId<HTMLTableElement>('query-table');
    expect([...table.querySelectorAll('td')].map((td) => td.textContent)).toEqual(['3', '<img src=x onerror=alert(1)>']);
    expect(table.querySelector('img')).toBeNull();

    source.emit('query-result', result(4));
    expect(table.querySelector('td')?.textContent).toBe('4');
    source.emit('query-result', { ...result(9), queryId: 'q-ffffffffffff' }); // another query's: not this table's
    expect(table.querySelector('td')?.textContent).toBe('4');

    source.emit('query-result', result(4, 'stopped', 'the query holds more than 10,000 groups and windows'));
    expect(byTestId<HTMLElement>('query-result-status').textContent).toBe('stopped: the query holds more than 10,000 groups and windows');
  });

  it('draws bars for a windowed count', async () => {
    const { byTestId, sources } = setUp('?query=q-0123456789ab');
    await flush();
    sources.at(-1)!.emit('query-result', {
      queryId: query.id, name: 'per minute', status: 'running', reason: null, windowed: true,
      columns: [{ name: 'minute', type: 'timestamp' }, { name: 'tweets', type: 'number' }],
      rows: [['2026-12-02T10:01:00Z', 5], ['2026-12-02T10:00:00Z', 2]], totalRows: 2, changedAt: '2026-12-02T10:01:00Z',
    });
    expect(byTestId<HTMLElement>('query-chart').querySelectorAll('rect')).toHaveLength(2);
  });

  it('lists queries as text and deletes one with the secret', async () => {
    const { byTestId, answers, requests, root } = setUp();
    await flush();
    expect(root.querySelector('[data-testid="query-item"] .query-item-name')?.textContent).toBe('kafka <b>now</b>');
    expect(root.querySelector('b')).toBeNull();
    answers.set('DELETE /api/queries/q-0123456789ab', response(204, null));
    byTestId<HTMLInputElement>('query-secret').value = 'operator-secret-123';
    byTestId<HTMLButtonElement>('query-delete').click();
    await flush();
    const deleted = requests.find((r) => r.init.method === 'DELETE')!;
    expect(deleted.url).toBe('/api/queries/q-0123456789ab');
    expect((deleted.init.headers as Record<string, string>)['X-Operator-Secret']).toBe('operator-secret-123');
  });
});
