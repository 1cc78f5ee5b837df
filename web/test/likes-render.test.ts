// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { createLikesController, type FetchLike } from '../src/likes/like-controller';
import { applyServerCount, createLikesState, toggleLike } from '../src/likes/likes';
import { createLikeButton, createTweetElement, createTweetListView, updateLikeButton } from '../src/tweets/tweet-list-view';
import { addTweet, addTweets, createTweetListState, type TweetListState } from '../src/tweets/tweet-list';
import { at, tweet } from './fixtures';

const BIG = '18446744073709551615';
const VIEWER = '123e4567-e89b-12d3-a456-426614174000';

const likeButton = (root: ParentNode, id: string) =>
  root.querySelector<HTMLButtonElement>(`li[data-testid="tweet"][data-tweet-id="${id}"] button.like-button`)!;

function manualFetch() {
  const calls: { url: string; init: RequestInit; resolve: (r: Response) => void }[] = [];
  const fetch = vi.fn<FetchLike>(
    (url, init) =>
      new Promise((resolve) => {
        calls.push({ url, init, resolve });
      }),
  );
  return { fetch, calls };
}

const ok = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

/** The page wiring of main.ts, with an injected fetch and synchronous renders. */
function page(initialLiked: string[] = []) {
  document.body.replaceChildren();
  const list = document.createElement('ol');
  list.id = 'tweets';
  document.body.append(list);
  const f = manualFetch();
  let tweets: TweetListState = createTweetListState();
  let pending: Promise<void> = Promise.resolve();
  const likes = createLikesController({
    viewerId: VIEWER,
    fetch: f.fetch,
    initialLiked,
    keep: (id) => tweets.ids.has(id),
    onChange: () => render(),
  });
  const view = createTweetListView(list, null, {
    onToggleLike: (id) => {
      pending = likes.toggle(id);
    },
  });
  const render = () => view.render(tweets, likes.state);
  return {
    list,
    likes,
    f,
    render,
    settled: () => pending,
    add(...ts: ReturnType<typeof tweet>[]) {
      tweets = addTweets(tweets, ts);
      render();
    },
  };
}

describe('like button', () => {
  it('is a real button with aria-pressed, a label, a heart and a count', () => {
    const li = createTweetElement(document, tweet({ tweetId: BIG }));
    const button = li.querySelector<HTMLButtonElement>('button.like-button')!;
    expect(button.tagName).toBe('BUTTON');
    expect(button.type).toBe('button');
    expect(button.getAttribute('aria-pressed')).toBe('false');
    expect(button.getAttribute('aria-label')).toBe('Like');
    expect(button.querySelector('.like-heart')?.textContent).toBe('♡');
    expect(button.querySelector('.like-heart')?.getAttribute('aria-hidden')).toBe('true');
    expect(button.querySelector('span.like-count')?.textContent).toBe('0');
    expect(button.disabled).toBe(false);
    expect(button.hasAttribute('tabindex')).toBe(false);
  });

  it('shows the pressed state and count', () => {
    const button = createLikeButton(document, { liked: true, count: 42, busy: false });
    expect(button.getAttribute('aria-pressed')).toBe('true');
    expect(button.getAttribute('aria-label')).toBe('Like');
    expect(button.querySelector('.like-heart')?.textContent).toBe('♥');
    expect(button.querySelector('.like-count')?.textContent).toBe('42');
    updateLikeButton(button, { liked: false, count: 41, busy: true });
    expect(button.getAttribute('aria-pressed')).toBe('false');
    expect(button.querySelector('.like-count')?.textContent).toBe('41');
    expect(button.disabled).toBe(true);
  });

  it('gives focus back after the busy phase when disabling dropped it', () => {
    document.body.replaceChildren();
    const button = createLikeButton(document);
    document.body.append(button);
    button.focus();
    expect(document.activeElement).toBe(button);
    updateLikeButton(button, { liked: true, count: 1, busy: true });
    button.blur(); // what browsers do to a focused element that becomes disabled
    updateLikeButton(button, { liked: true, count: 1, busy: false });
    expect(document.activeElement).toBe(button);
  });
});

describe('list view with likes', () => {
  it('renders stored liked ids as pressed and known counts', () => {
    const p = page([BIG]);
    p.likes.applyCount({ tweetId: '2', count: 5 }); // likes event before the tweet arrives
    p.add(tweet({ tweetId: BIG, createdAt: at(1) }), tweet({ tweetId: '2', createdAt: at(2) }));
    expect(likeButton(p.list, BIG).getAttribute('aria-pressed')).toBe('true');
    expect(likeButton(p.list, BIG).querySelector('.like-count')?.textContent).toBe('1');
    expect(likeButton(p.list, '2').getAttribute('aria-pressed')).toBe('false');
    expect(likeButton(p.list, '2').querySelector('.like-count')?.textContent).toBe('5');
  });

  it('a click calls the injected fetch with method, URL and X-Viewer-Id, updates optimistically, disables while in flight', async () => {
    const p = page();
    p.add(tweet({ tweetId: BIG }));
    p.likes.applyCount({ tweetId: BIG, count: 2 });
    const button = likeButton(p.list, BIG);

    button.click();
    expect(p.f.fetch).toHaveBeenCalledTimes(1);
    const [url, init] = p.f.fetch.mock.calls[0]!;
    expect(url).toBe(`/api/tweets/${BIG}/likes`);
    expect(init.method).toBe('POST');
    expect((init.headers as Record<string, string>)['X-Viewer-Id']).toBe(VIEWER);

    expect(button.getAttribute('aria-pressed')).toBe('true');
    expect(button.querySelector('.like-count')?.textContent).toBe('3');
    expect(button.disabled).toBe(true);
    button.click(); // ignored while in flight
    expect(p.f.fetch).toHaveBeenCalledTimes(1);

    p.f.calls[0]!.resolve(ok({ tweetId: BIG, liked: true, count: 10, changed: true }));
    await p.settled();
    expect(button.disabled).toBe(false);
    expect(button.querySelector('.like-count')?.textContent).toBe('10');
    expect(likeButton(p.list, BIG)).toBe(button); // updated in place

    button.click();
    expect(p.f.fetch.mock.calls[1]![1].method).toBe('DELETE');
    expect(button.getAttribute('aria-pressed')).toBe('false');
    expect(button.querySelector('.like-count')?.textContent).toBe('9');
  });

  it('clicks on the heart glyph or the count reach the button', () => {
    const p = page();
    p.add(tweet({ tweetId: BIG }));
    likeButton(p.list, BIG).querySelector<HTMLElement>('.like-count')!.click();
    expect(p.f.fetch).toHaveBeenCalledTimes(1);
  });

  it('passes hostile ids through exactly and URL-encoded', () => {
    const p = page();
    const id = '"><img src=x onerror=alert(1)>/../x?y#z';
    p.add(tweet({ tweetId: id }));
    p.list.querySelector<HTMLButtonElement>('button.like-button')!.click();
    expect(p.f.fetch.mock.calls[0]![0]).toBe(`/api/tweets/${encodeURIComponent(id)}/likes`);
    expect(p.list.querySelector('img')).toBeNull();
  });

  it('keeps working while new tweets keep arriving: items and buttons are reused', async () => {
    const p = page();
    p.add(tweet({ tweetId: 'a', createdAt: at(1) }));
    const item = p.list.querySelector('li')!;
    const button = likeButton(p.list, 'a');
    button.focus();
    button.click();
    for (let i = 2; i < 30; i++) p.add(tweet({ tweetId: `n${i}`, createdAt: at(i) }));
    p.likes.applyCount({ tweetId: 'n5', count: 3 });
    p.render();
    expect(p.list.querySelector('[data-tweet-id="a"]')).toBe(item);
    expect(likeButton(p.list, 'a')).toBe(button);
    expect(likeButton(p.list, 'n5').querySelector('.like-count')?.textContent).toBe('3');

    p.f.calls[0]!.resolve(ok({ tweetId: 'a', liked: true }, 202));
    await p.settled();
    expect(button.getAttribute('aria-pressed')).toBe('true');
    expect(button.querySelector('.like-count')?.textContent).toBe('1'); // optimistic count kept on 202
    expect(document.activeElement).toBe(button);

    likeButton(p.list, 'n7').click();
    expect(p.f.fetch.mock.calls[1]![0]).toBe('/api/tweets/n7/likes');
  });

  it('a likes event updates a shown count in place; server counts win', () => {
    const p = page();
    p.add(tweet({ tweetId: BIG }));
    const item = p.list.querySelector('li')!;
    likeButton(p.list, BIG).click(); // optimistic 1
    p.likes.applyCount({ tweetId: BIG, count: 7 });
    expect(p.list.querySelector('li')).toBe(item);
    expect(likeButton(p.list, BIG).querySelector('.like-count')?.textContent).toBe('7');
  });

  it('render() without like state shows the default button and does not fail', () => {
    document.body.replaceChildren();
    const list = document.createElement('ol');
    const view = createTweetListView(list, null);
    view.render(addTweet(createTweetListState(), tweet({ tweetId: '1' })));
    expect(list.querySelector('button.like-button')?.getAttribute('aria-pressed')).toBe('false');
    list.querySelector<HTMLButtonElement>('button.like-button')!.click(); // no handler: nothing happens
  });

  it('re-renders only what changed (no DOM writes for unchanged buttons)', () => {
    document.body.replaceChildren();
    const list = document.createElement('ol');
    const view = createTweetListView(list, null);
    const tweets = addTweets(createTweetListState(), [tweet({ tweetId: 'x' }), tweet({ tweetId: 'y' })]);
    let likes = applyServerCount(createLikesState(), 'x', 1);
    view.render(tweets, likes);
    const yCount = list.querySelector('[data-tweet-id="y"] .like-count')!;
    const yText = yCount.firstChild;
    likes = toggleLike(likes, 'x')!.state;
    view.render(tweets, likes);
    expect(list.querySelector('[data-tweet-id="x"] .like-count')?.textContent).toBe('2');
    expect(list.querySelector('[data-tweet-id="y"] .like-count')!.firstChild).toBe(yText);
  });
});
