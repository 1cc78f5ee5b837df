// The "Live queries" panel: an editor with examples, inline errors (checked as you type), the list of
// queries, and the watched query's result as a live table and, for a windowed count, bars. Results come
// on a stream of their own (`/api/updates?only=queries&query=…`), so the page's main stream is untouched;
// the browser's EventSource resumes it with Last-Event-ID after a network error, and we reopen it after
// a refused one. Everything from outside is written with textContent / setAttribute only.

import { el } from '../view/dom';
import { svg } from '../findings/panels';
import type { FetchLike, ResponseLike } from '../likes/like-controller';
import type { EventSourceFactory, EventSourceLike } from '../live/connection';
import {
  EXAMPLES,
  errorPlace,
  parseProblem,
  parseQueryInfo,
  parseQueryList,
  parseQueryResult,
  queriesStreamUrl,
  resultTable,
  shareUrl,
  sharedQueryId,
  windowBars,
  type InlineError,
  type QueryInfo,
  type QueryResult,
} from './live-queries';

export const SECRET_KEY = 'tweetplatform.operator-secret';
export const CHECK_DELAY_MS = 400;
export const LIST_REFRESH_MS = 10_000;

export interface SessionStorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export interface LiveQueriesEnvironment {
  readonly document: Document;
  readonly root: HTMLElement;
  readonly location: { readonly origin: string; readonly pathname: string; readonly search: string };
  readonly fetch: FetchLike;
  /** sessionStorage: the operator secret is kept for the tab only, never in the URL or localStorage. */
  readonly session: SessionStorageLike | null;
  readonly createEventSource?: EventSourceFactory;
  readonly setTimeout?: (callback: () => void, ms: number) => unknown;
  readonly clearTimeout?: (handle: unknown) => void;
  readonly setInterval?: (callback: () => void, ms: number) => unknown;
  readonly copy?: (text: string) => Promise<void>;
}

export interface LiveQueriesPanel {
  readonly watched: () => string | null;
  watch(id: string | null): void;
  refresh(): Promise<void>;
  check(): Promise<InlineError | null>;
}

const json = async (response: ResponseLike): Promise<unknown> => {
  try {
    return await response.json();
  } catch {
    return null;
  }
};

export function createLiveQueriesPanel(env: LiveQueriesEnvironment): LiveQueriesPanel {
  const doc = env.document;
  const root = env.root;
  const later = env.setTimeout ?? ((callback, ms) => setTimeout(callback, ms));
  const cancel = env.clearTimeout ?? ((handle) => clearTimeout(handle as number));
  const openStream = env.createEventSource ?? ((url: string) => new EventSource(url));

  const examples = el(doc, 'select', 'query-examples');
  examples.setAttribute('aria-label', 'Example queries');
  examples.dataset['testid'] = 'query-examples';
  examples.append(el(doc, 'option', '', 'Examples…'));
  for (const example of EXAMPLES) {
    const option = el(doc, 'option', '', example.name);
    option.value = example.name;
    examples.append(option);
  }
  const name = el(doc, 'input', 'query-name');
  name.type = 'text';
  name.maxLength = 80;
  name.placeholder = 'Name';
  name.setAttribute('aria-label', 'Query name');
  name.dataset['testid'] = 'query-name';
  const editor = el(doc, 'textarea', 'query-editor');
  editor.rows = 4;
  editor.spellcheck = false;
  editor.placeholder = 'SELECT … FROM tweets …';
  editor.setAttribute('aria-label', 'Query SQL');
  editor.dataset['testid'] = 'query-editor';
  const error = el(doc, 'p', 'query-error');
  error.setAttribute('role', 'alert');
  error.dataset['testid'] = 'query-error';
  error.hidden = true;
  const secret = el(doc, 'input', 'query-secret');
  secret.type = 'password';
  secret.autocomplete = 'off';
  secret.placeholder = 'Operator secret';
  secret.setAttribute('aria-label', 'Operator secret');
  secret.dataset['testid'] = 'query-secret';
  secret.value = env.session?.getItem(SECRET_KEY) ?? '';
  const checkButton = el(doc, 'button', 'query-check', 'Check');
  checkButton.type = 'button';
  checkButton.dataset['testid'] = 'query-check';
  const runButton = el(doc, 'button', 'query-run', 'Run');
  runButton.type = 'button';
  runButton.dataset['testid'] = 'query-run';
  const actions = el(doc, 'div', 'query-actions');
  actions.append(secret, checkButton, runButton);
  const list = el(doc, 'ul', 'query-list');
  list.setAttribute('aria-label', 'Live queries');
  list.dataset['testid'] = 'query-list';
  const resultTitle = el(doc, 'h3', 'query-result-title');
  const resultStatus = el(doc, 'p', 'query-result-status');
  resultStatus.dataset['testid'] = 'query-result-status';
  const share = el(doc, 'button', 'query-share', 'Copy link');
  share.type = 'button';
  share.dataset['testid'] = 'query-share';
  const chart = el(doc, 'div', 'query-chart');
  chart.dataset['testid'] = 'query-chart';
  const table = el(doc, 'table', 'query-table');
  table.dataset['testid'] = 'query-table';
  const caption = el(doc, 'p', 'query-caption');
  const result = el(doc, 'div', 'query-result');
  result.dataset['testid'] = 'query-result';
  result.hidden = true;
  result.append(resultTitle, share, resultStatus, chart, table, caption);
  root.append(examples, name, editor, error, actions, list, result);

  let queries: QueryInfo[] = [];
  let watched: string | null = sharedQueryId(env.location.search);
  let latest: QueryResult | null = null;
  let stream: EventSourceLike | null = null;
  let pendingCheck: unknown = null;

  const showError = (problem: InlineError | null): void => {
    error.hidden = problem === null;
    error.textContent = problem === null ? '' : [errorPlace(problem), problem.message].filter((s) => s.length > 0).join(': ');
    if (problem !== null && problem.position !== null && doc.activeElement !== editor) {
      editor.setSelectionRange(problem.position, Math.min(editor.value.length, problem.position + 1));
    }
  };

  const request = (method: string, url: string, body?: unknown, withSecret = false): Promise<ResponseLike> => {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (withSecret) headers['X-Operator-Secret'] = secret.value;
    return env.fetch(url, {
      method,
      headers,
      credentials: 'same-origin',
      cache: 'no-store',
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  };

  const check = async (): Promise<InlineError | null> => {
    if (editor.value.trim().length === 0) {
      showError(null);
      return null;
    }
    try {
      const response = await request('POST', '/api/queries/check', { sql: editor.value });
      const problem = response.status === 200 ? null : parseProblem(await json(response), `The check failed (${response.status}).`);
      showError(problem);
      return problem;
    } catch {
      return null; // offline: the next check or Run says more
    }
  };

  const renderList = (): void => {
    list.replaceChildren(
      ...queries.map((query) => {
        const item = el(doc, 'li', `query-item query-${query.status}`);
        item.dataset['testid'] = 'query-item';
        item.dataset['queryId'] = query.id;
        const label = el(doc, 'span', 'query-item-name', query.name);
        const status = el(doc, 'span', 'query-item-status', query.reason === null ? query.status : `${query.status}: ${query.reason}`);
        const watch = el(doc, 'button', 'query-watch', watched === query.id ? 'Watching' : 'Watch');
        watch.type = 'button';
        watch.setAttribute('aria-pressed', String(watched === query.id));
        watch.dataset['testid'] = 'query-watch';
        watch.addEventListener('click', () => panel.watch(watched === query.id ? null : query.id));
        const remove = el(doc, 'button', 'query-delete', 'Delete');
        remove.type = 'button';
        remove.dataset['testid'] = 'query-delete';
        remove.addEventListener('click', () => void removeQuery(query.id));
        item.append(label, status, watch, remove);
        return item;
      }),
    );
  };

  const renderResult = (): void => {
    result.hidden = watched === null;
    const info = queries.find((q) => q.id === watched);
    resultTitle.textContent = latest?.name ?? info?.name ?? 'Waiting for the first result…';
    const status = latest?.status ?? info?.status ?? 'running';
    const reason = latest?.reason ?? info?.reason ?? null;
    resultStatus.textContent = reason === null ? status : `${status}: ${reason}`;
    resultStatus.className = `query-result-status query-${status}`;
    if (latest === null) {
      table.replaceChildren();
      chart.replaceChildren();
      caption.textContent = '';
      return;
    }
    const model = resultTable(latest);
    const head = el(doc, 'tr', '');
    head.append(...model.headers.map((h) => el(doc, 'th', '', h)));
    const thead = el(doc, 'thead', '');
    thead.append(head);
    const tbody = el(doc, 'tbody', '');
    tbody.append(
      ...model.rows.map((cells) => {
        const row = el(doc, 'tr', '');
        row.append(...cells.map((c) => el(doc, 'td', '', c)));
        return row;
      }),
    );
    table.replaceChildren(thead, tbody);
    caption.textContent = model.caption;
    chart.replaceChildren(...barChart(latest));
  };

  const barChart = (data: QueryResult): SVGSVGElement[] => {
    const bars = windowBars(data);
    if (bars === null || bars.length === 0) return [];
    const width = 300;
    const height = 80;
    const max = Math.max(1, ...bars.map((b) => b.value));
    const step = width / bars.length;
    const chartNode = svg(doc, 'svg', {
      viewBox: `0 0 ${width} ${height}`,
      class: 'query-bars',
      role: 'img',
      'aria-label': `${data.name}: ${bars.length} windows, up to ${max}`,
    });
    const round = (n: number): string => String(Math.round(n * 100) / 100);
    bars.forEach((bar, i) => {
      const h = Math.max(1, (bar.value / max) * (height - 4));
      const rect = svg(doc, 'rect', { x: round(i * step), y: round(height - h), width: round(Math.max(1, step - 2)), height: round(h) });
      const title = svg(doc, 'title', {});
      title.textContent = `${new Date(bar.start).toISOString().slice(11, 16)} UTC: ${bar.value}`;
      rect.append(title);
      chartNode.append(rect);
    });
    return [chartNode];
  };

  const onResult = (data: unknown): void => {
    const parsed = parseQueryResult(data);
    if (parsed !== null && parsed.queryId === watched) {
      latest = parsed;
      renderResult();
    }
  };

  const listen = (): void => {
    stream?.close();
    stream = null;
    if (watched === null) return;
    const source = openStream(queriesStreamUrl([watched]));
    stream = source;
    source.addEventListener('query-result', (event) => {
      try {
        onResult(JSON.parse((event as MessageEvent<string>).data));
      } catch {
        // a malformed event is dropped
      }
    });
    source.addEventListener('snapshot', (event) => {
      try {
        const snapshot: unknown = JSON.parse((event as MessageEvent<string>).data);
        const results = typeof snapshot === 'object' && snapshot !== null ? (snapshot as Record<string, unknown>)['queryResults'] : null;
        if (Array.isArray(results)) results.forEach(onResult);
      } catch {
        // a malformed snapshot is dropped
      }
    });
    source.addEventListener('error', () => {
      // Refused (not a network blip the browser retries itself): open again a little later.
      if (source.readyState === 2 && stream === source) later(listen, 3_000);
    });
  };

  const refresh = async (): Promise<void> => {
    try {
      const response = await request('GET', '/api/queries');
      if (response.status === 200) {
        queries = parseQueryList(await json(response));
        renderList();
        renderResult();
      }
    } catch {
      // kept as it was; the next refresh tries again
    }
  };

  const run = async (): Promise<void> => {
    env.session?.setItem(SECRET_KEY, secret.value);
    try {
      const response = await request('POST', '/api/queries', { name: name.value.trim() || 'Untitled query', sql: editor.value }, true);
      const body = await json(response);
      if (response.status !== 201) {
        showError(parseProblem(body, `The query was not created (${response.status}).`));
        return;
      }
      showError(null);
      const created = parseQueryInfo(body);
      await refresh();
      if (created !== null) panel.watch(created.id);
    } catch {
      showError({ message: 'The query could not be sent; check the connection.', line: null, column: null, position: null });
    }
  };

  const removeQuery = async (id: string): Promise<void> => {
    env.session?.setItem(SECRET_KEY, secret.value);
    try {
      const response = await request('DELETE', `/api/queries/${id}`, undefined, true);
      if (response.status !== 204 && response.status !== 404) {
        showError(parseProblem(await json(response), `The query was not deleted (${response.status}).`));
        return;
      }
      if (watched === id) panel.watch(null);
      await refresh();
    } catch {
      showError({ message: 'The query could not be deleted; check the connection.', line: null, column: null, position: null });
    }
  };

  examples.addEventListener('change', () => {
    const example = EXAMPLES.find((e) => e.name === examples.value);
    if (example === undefined) return;
    editor.value = example.sql;
    name.value = example.name;
    void check();
  });
  editor.addEventListener('input', () => {
    if (pendingCheck !== null) cancel(pendingCheck);
    pendingCheck = later(() => {
      pendingCheck = null;
      void check();
    }, CHECK_DELAY_MS);
  });
  checkButton.addEventListener('click', () => void check());
  runButton.addEventListener('click', () => void run());
  share.addEventListener('click', () => {
    if (watched === null) return;
    const url = shareUrl(env.location.origin, env.location.pathname, env.location.search, watched);
    void (env.copy ?? ((t: string) => navigator.clipboard.writeText(t)))(url).catch(() => undefined);
    share.dataset['url'] = url;
  });

  const panel: LiveQueriesPanel = {
    watched: () => watched,
    watch(id) {
      watched = id;
      latest = null;
      renderList();
      renderResult();
      listen();
    },
    refresh,
    check,
  };

  renderResult();
  listen();
  void refresh();
  env.setInterval?.(() => void refresh(), LIST_REFRESH_MS);
  return panel;
}
