import { describe, expect, it, vi } from 'vitest';
import { createLikesController, type FetchLike } from '../src/likes/like-controller';
import { likeViewOf } from '../src/likes/likes';

const BIG = '18446744073709551615';
const VIEWER = '123e4567-e89b-12d3-a456-426614174000';

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  const type = status >= 400 ? 'application/problem+json' : 'application/json';
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': type, ...headers } });
}

/** A fetch whose answers the test releases by hand. */
function manualFetch() {
  const calls: { url: string; init: RequestInit; resolve: (r: Response) => void; reject: (e: unknown) => void }[] = [];
  const fetch: FetchLike = (url, init) =>
    new Promise((resolve, reject) => {
      calls.push({ url, init, resolve, reject });
    });
  return { fetch, calls };
}

function setup(fetch: FetchLike, initialLiked: string[] = []) {
  const notices: string[] = [];
  const saved: string[][] = [];
  const onChange = vi.fn();
  const controller = createLikesController({
    viewerId: VIEWER,
    fetch,
    initialLiked,
    onChange,
    onNotice: (m) => notices.push(m),
    saveLiked: (ids) => saved.push([...ids]),
  });
  const view = (id = BIG) => likeViewOf(controller.state, id);
  return { controller, notices, saved, onChange, view };
}

describe('createLikesController', () => {
  it('likes with POST /api/tweets/{id}/likes and X-Viewer-Id, then applies the 200 answer', async () => {
    const f = manualFetch();
    const h = setup(f.fetch);
    h.controller.applyCount({ tweetId: BIG, count: 2 });
    const done = h.controller.toggle(BIG);
    expect(h.view()).toEqual({ liked: true, count: 3, busy: true }); // optimistic
    expect(f.calls).toHaveLength(1);
    expect(f.calls[0]!.url).toBe(`/api/tweets/${BIG}/likes`);
    expect(f.calls[0]!.init.method).toBe('POST');
    expect((f.calls[0]!.init.headers as Record<string, string>)['X-Viewer-Id']).toBe(VIEWER);
    expect(h.saved.at(-1)).toEqual([BIG]);

    f.calls[0]!.resolve(json(200, { tweetId: BIG, liked: true, count: 7, changed: true }));
    await done;
    expect(h.view()).toEqual({ liked: true, count: 7, busy: false });
    expect(h.notices).toEqual([]);
    expect(h.onChange).toHaveBeenCalled();
  });

  it('unlikes a stored liked tweet with DELETE', async () => {
    const f = manualFetch();
    const h = setup(f.fetch, [BIG]);
    const done = h.controller.toggle(BIG);
    expect(f.calls[0]!.init.method).toBe('DELETE');
    expect(h.view().liked).toBe(false);
    expect(h.saved.at(-1)).toEqual([]);
    f.calls[0]!.resolve(json(200, { tweetId: BIG, liked: false, count: 0, changed: true }));
    await done;
    expect(h.view()).toEqual({ liked: false, count: 0, busy: false });
  });

  it('URL-encodes the tweet id', async () => {
    const f = manualFetch();
    const h = setup(f.fetch);
    void h.controller.toggle('a/b c');
    expect(f.calls[0]!.url).toBe('/api/tweets/a%2Fb%20c/likes');
  });

  it('sends one request per tweet at a time (double clicks are ignored)', async () => {
    const f = manualFetch();
    const h = setup(f.fetch);
    const first = h.controller.toggle(BIG);
    await h.controller.toggle(BIG);
    await h.controller.toggle(BIG);
    expect(f.calls).toHaveLength(1);
    expect(h.view()).toEqual({ liked: true, count: 1, busy: true });
    f.calls[0]!.resolve(json(202, { tweetId: BIG, liked: true }));
    await first;
    void h.controller.toggle(BIG);
    expect(f.calls).toHaveLength(2);
    expect(f.calls[1]!.init.method).toBe('DELETE');
  });

  it('202 keeps the optimistic count until the likes event', async () => {
    const f = manualFetch();
    const h = setup(f.fetch);
    h.controller.applyCount({ tweetId: BIG, count: 4 });
    const done = h.controller.toggle(BIG);
    f.calls[0]!.resolve(json(202, { tweetId: BIG, liked: true }));
    await done;
    expect(h.view()).toEqual({ liked: true, count: 5, busy: false });
    h.controller.applyCount({ tweetId: BIG, count: 6 });
    expect(h.view()).toEqual({ liked: true, count: 6, busy: false });
  });

  it.each([
    [404, { type: 'about:blank', title: 'Not Found', status: 404 }, {}, /not known/],
    [429, { title: 'Too Many Requests', status: 429 }, { 'Retry-After': '30' }, /^Too many likes\. Try again in 30 s\.$/],
    [400, { title: 'Bad Request', status: 400 }, {}, /^Your like was not saved\.$/],
    [500, { title: 'Internal Server Error', status: 500 }, {}, /unavailable/],
    [503, 'not even json', {}, /unavailable/],
  ] as const)('reverts on %i and shows a notice', async (status, body, headers, message) => {
    const f = manualFetch();
    const h = setup(f.fetch);
    h.controller.applyCount({ tweetId: BIG, count: 2 });
    const done = h.controller.toggle(BIG);
    f.calls[0]!.resolve(json(status, body, headers));
    await done;
    expect(h.view()).toEqual({ liked: false, count: 2, busy: false });
    expect(h.notices).toHaveLength(1);
    expect(h.notices[0]).toMatch(message);
    expect(h.saved.at(-1)).toEqual([]);
  });

  it('reverts on a network error and on a malformed 200', async () => {
    const f = manualFetch();
    const h = setup(f.fetch, [BIG]);
    let done = h.controller.toggle(BIG);
    f.calls[0]!.reject(new TypeError('Failed to fetch'));
    await done;
    expect(h.view()).toEqual({ liked: true, count: 1, busy: false });
    expect(h.notices[0]).toMatch(/Could not reach the server/);

    done = h.controller.toggle(BIG);
    f.calls[1]!.resolve(json(200, { tweetId: 'someone-else', liked: false, count: 0 }));
    await done;
    expect(h.view()).toEqual({ liked: true, count: 1, busy: false });
    expect(h.notices).toHaveLength(2);
  });

  it('aborts and reverts a request that takes too long', async () => {
    const fetch: FetchLike = (_url, init) =>
      new Promise((_resolve, reject) => {
        init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      });
    const notices: string[] = [];
    const c = createLikesController({ viewerId: VIEWER, fetch, timeoutMs: 10, onNotice: (m) => notices.push(m) });
    await c.toggle(BIG);
    expect(likeViewOf(c.state, BIG)).toEqual({ liked: false, count: 0, busy: false });
    expect(notices).toHaveLength(1);
  });

  it('a live count during the request wins and survives a failure', async () => {
    const f = manualFetch();
    const h = setup(f.fetch);
    const done = h.controller.toggle(BIG);
    h.controller.applyCount({ tweetId: BIG, count: 9 });
    expect(h.view()).toEqual({ liked: true, count: 9, busy: true });
    f.calls[0]!.resolve(json(500, {}));
    await done;
    expect(h.view()).toEqual({ liked: false, count: 9, busy: false });
  });

  it('replaceCounts: a snapshot replaces the server counts and keeps the request in flight', async () => {
    const f = manualFetch();
    const h = setup(f.fetch, ['liked-before']);
    h.controller.applyCount({ tweetId: 'gone', count: 8 });
    h.controller.applyCount({ tweetId: BIG, count: 2 });
    const done = h.controller.toggle(BIG);
    h.onChange.mockClear();
    h.controller.replaceCounts([{ tweetId: BIG, count: 10 }]);
    expect(h.onChange).toHaveBeenCalledOnce();
    expect(h.view()).toEqual({ liked: true, count: 10, busy: true });
    expect(h.view('gone').count).toBe(0);
    expect(h.view('liked-before')).toEqual({ liked: true, count: 1, busy: false });
    f.calls[0]!.resolve(json(202, { tweetId: BIG, liked: true }));
    await done;
    expect(h.view()).toEqual({ liked: true, count: 10, busy: false });
  });
});
