import { describe, expect, it } from 'vitest';
import {
  MAX_KNOWN_COUNTS,
  MAX_LIKED_IDS,
  applyLikeAnswer,
  applyServerCount,
  createLikesState,
  isValidViewerId,
  likeFailureMessage,
  likeUrl,
  likeViewOf,
  likedIdsOf,
  parseLikeAnswer,
  parseLikesEvent,
  parseStoredLikedIds,
  replaceServerCounts,
  retryAfterSeconds,
  revertLike,
  toggleLike,
  type LikesState,
} from '../src/likes/likes';

const BIG = '18446744073709551615'; // beyond 2^53: must stay an exact string

function toggled(state: LikesState, id: string): LikesState {
  const result = toggleLike(state, id);
  if (result === null) throw new Error('toggle refused');
  return result.state;
}

describe('likeViewOf', () => {
  it('defaults to not liked, 0, not busy', () => {
    expect(likeViewOf(createLikesState(), BIG)).toEqual({ liked: false, count: 0, busy: false });
  });

  it('shows stored liked ids as liked (count 1 until the server says otherwise)', () => {
    const s = createLikesState([BIG]);
    expect(likeViewOf(s, BIG)).toEqual({ liked: true, count: 1, busy: false });
    expect(likeViewOf(applyServerCount(s, BIG, 7), BIG)).toEqual({ liked: true, count: 7, busy: false });
    expect(likeViewOf(applyServerCount(s, BIG, 0), BIG).count).toBe(0); // server wins
  });
});

describe('toggleLike (optimistic)', () => {
  it('likes: liked, count + 1, busy, request POST', () => {
    const s0 = applyServerCount(createLikesState(), BIG, 3);
    const r = toggleLike(s0, BIG);
    expect(r?.like).toBe(true);
    expect(likeViewOf(r!.state, BIG)).toEqual({ liked: true, count: 4, busy: true });
    expect(likeViewOf(s0, BIG)).toEqual({ liked: false, count: 3, busy: false }); // input untouched
  });

  it('unlikes: not liked, count - 1, never below 0, request DELETE', () => {
    const s0 = applyServerCount(createLikesState([BIG]), BIG, 5);
    const r = toggleLike(s0, BIG);
    expect(r?.like).toBe(false);
    expect(likeViewOf(r!.state, BIG)).toEqual({ liked: false, count: 4, busy: true });

    const zero = applyServerCount(createLikesState([BIG]), BIG, 0);
    expect(likeViewOf(toggleLike(zero, BIG)!.state, BIG).count).toBe(0);
  });

  it('refuses a second toggle while the request is in flight (no double requests)', () => {
    const s1 = toggled(createLikesState(), BIG);
    expect(toggleLike(s1, BIG)).toBeNull();
    expect(toggleLike(s1, '1')).not.toBeNull(); // other tweets are independent
  });

  it('rejects empty and absurdly long ids', () => {
    expect(toggleLike(createLikesState(), '')).toBeNull();
    expect(toggleLike(createLikesState(), 'x'.repeat(500))).toBeNull();
  });
});

describe('applyLikeAnswer', () => {
  it('200: the server liked state and count replace the optimistic ones', () => {
    let s = applyServerCount(createLikesState(), BIG, 3);
    s = toggled(s, BIG); // optimistic 4
    s = applyLikeAnswer(s, { tweetId: BIG, liked: true, count: 10 });
    expect(likeViewOf(s, BIG)).toEqual({ liked: true, count: 10, busy: false });
    expect(s.optimistic.has(BIG)).toBe(false);
  });

  it('200 with liked:false overrides the optimistic like (e.g. unliked elsewhere)', () => {
    let s = toggled(createLikesState(), BIG);
    s = applyLikeAnswer(s, { tweetId: BIG, liked: false, count: 0 });
    expect(likeViewOf(s, BIG)).toEqual({ liked: false, count: 0, busy: false });
    expect(s.liked.has(BIG)).toBe(false);
  });

  it('200 also overwrites a stored liked id that the server does not know', () => {
    let s = createLikesState([BIG]);
    s = applyLikeAnswer(s, { tweetId: BIG, liked: false, count: 2 });
    expect(s.liked.has(BIG)).toBe(false);
  });

  it('202: keeps the optimistic count until a likes event arrives', () => {
    let s = applyServerCount(createLikesState(), BIG, 3);
    s = toggled(s, BIG);
    s = applyLikeAnswer(s, { tweetId: BIG, liked: true, count: null });
    expect(likeViewOf(s, BIG)).toEqual({ liked: true, count: 4, busy: false });
    s = applyServerCount(s, BIG, 9);
    expect(likeViewOf(s, BIG)).toEqual({ liked: true, count: 9, busy: false });
  });

  it('202 contradicting the click undoes the optimistic count', () => {
    let s = applyServerCount(createLikesState(), BIG, 3);
    s = toggled(s, BIG);
    s = applyLikeAnswer(s, { tweetId: BIG, liked: false, count: null });
    expect(likeViewOf(s, BIG)).toEqual({ liked: false, count: 3, busy: false });
  });

  it('applies an answer without a pending request too (state is authoritative)', () => {
    const s = applyLikeAnswer(createLikesState(), { tweetId: BIG, liked: true, count: 1 });
    expect(likeViewOf(s, BIG)).toEqual({ liked: true, count: 1, busy: false });
  });
});

describe('revertLike', () => {
  it('restores liked state and count of before the click', () => {
    const s0 = applyServerCount(createLikesState(), BIG, 3);
    const s = revertLike(toggled(s0, BIG), BIG);
    expect(likeViewOf(s, BIG)).toEqual({ liked: false, count: 3, busy: false });

    const liked0 = applyServerCount(createLikesState([BIG]), BIG, 3);
    const l = revertLike(toggled(liked0, BIG), BIG);
    expect(likeViewOf(l, BIG)).toEqual({ liked: true, count: 3, busy: false });
  });

  it('restores an earlier optimistic count (after a 202) too', () => {
    let s = applyServerCount(createLikesState(), BIG, 3);
    s = toggled(s, BIG);
    s = applyLikeAnswer(s, { tweetId: BIG, liked: true, count: null }); // 4, optimistic
    s = toggled(s, BIG); // unlike: 3
    s = revertLike(s, BIG);
    expect(likeViewOf(s, BIG)).toEqual({ liked: true, count: 4, busy: false });
  });

  it('keeps a server count that arrived during the request', () => {
    let s = applyServerCount(createLikesState(), BIG, 3);
    s = toggled(s, BIG); // 4
    s = applyServerCount(s, BIG, 8); // server wins, even while pending
    expect(likeViewOf(s, BIG)).toEqual({ liked: true, count: 8, busy: true });
    s = revertLike(s, BIG);
    expect(likeViewOf(s, BIG)).toEqual({ liked: false, count: 8, busy: false });
  });

  it('is a no-op without a pending request', () => {
    const s = createLikesState();
    expect(revertLike(s, BIG)).toBe(s);
  });
});

describe('applyServerCount', () => {
  it('remembers counts of tweets not shown yet, bounded to the most recent', () => {
    let s = createLikesState([], 3);
    for (const id of ['a', 'b', 'c', 'd']) s = applyServerCount(s, id, 1);
    expect([...s.counts.keys()]).toEqual(['b', 'c', 'd']);
    s = applyServerCount(s, 'b', 2); // refreshed: now the most recent
    s = applyServerCount(s, 'e', 1);
    expect([...s.counts.keys()]).toEqual(['d', 'b', 'e']);
    expect(MAX_KNOWN_COUNTS).toBe(1000);
  });

  it('never evicts kept ids (the tweets on the page)', () => {
    let s = createLikesState([], 3);
    const shown = new Set(['a']);
    for (const id of ['a', 'b', 'c', 'd', 'e']) s = applyServerCount(s, id, 1, (id) => shown.has(id));
    expect([...s.counts.keys()].sort()).toEqual(['a', 'd', 'e']);
  });

  it('keeps 1,000 counts by default', () => {
    let s = createLikesState();
    for (let i = 0; i < 1500; i++) s = applyServerCount(s, `id-${i}`, i);
    expect(s.counts.size).toBe(1000);
    expect(s.counts.has('id-499')).toBe(false);
    expect(s.counts.get('id-1499')).toBe(1499);
  });

  it('ignores invalid counts and returns the same state for a repeated event', () => {
    const s = applyServerCount(createLikesState(), BIG, 2);
    expect(applyServerCount(s, BIG, -1)).toBe(s);
    expect(applyServerCount(s, BIG, 1.5)).toBe(s);
    expect(applyServerCount(s, BIG, Number.NaN)).toBe(s);
    expect(applyServerCount(s, BIG, 2)).toBe(s);
  });

  it('keeps ids that differ only beyond 2^53 apart', () => {
    let s = applyServerCount(createLikesState(), '9007199254740993', 1);
    s = applyServerCount(s, '9007199254740992', 2);
    expect(s.counts.get('9007199254740993')).toBe(1);
    expect(s.counts.get('9007199254740992')).toBe(2);
  });
});

describe('liked ids', () => {
  it('are bounded to the most recent 500, oldest first', () => {
    let s = createLikesState();
    for (let i = 0; i < 510; i++) {
      s = applyLikeAnswer(s, { tweetId: `t${i}`, liked: true, count: 1 });
    }
    const ids = likedIdsOf(s);
    expect(ids).toHaveLength(MAX_LIKED_IDS);
    expect(ids[0]).toBe('t10');
    expect(ids.at(-1)).toBe('t509');
  });

  it('are bounded at creation', () => {
    const s = createLikesState(['a', 'b', 'c', 'a'], 10, 2);
    expect(likedIdsOf(s)).toEqual(['c', 'a']);
  });

  it('parseStoredLikedIds accepts only an array of id strings', () => {
    expect(parseStoredLikedIds(null)).toEqual([]);
    expect(parseStoredLikedIds('not json')).toEqual([]);
    expect(parseStoredLikedIds('{"a":1}')).toEqual([]);
    expect(parseStoredLikedIds(`["${BIG}", 1, null, "", "x", "${BIG}"]`)).toEqual(['x', BIG]);
    const many = JSON.stringify(Array.from({ length: 600 }, (_, i) => `id${i}`));
    const ids = parseStoredLikedIds(many);
    expect(ids).toHaveLength(500);
    expect(ids[0]).toBe('id100');
  });
});

describe('payload validation', () => {
  it('parseLikesEvent accepts {tweetId: string, count: non-negative integer}', () => {
    expect(parseLikesEvent(`{"tweetId":"${BIG}","count":5}`)).toEqual({ tweetId: BIG, count: 5 });
    expect(parseLikesEvent('{"tweetId":"1","count":0,"extra":true}')).toEqual({ tweetId: '1', count: 0 });
  });

  it.each([
    ['not JSON', '{"tweetId":'],
    ['numeric tweetId', '{"tweetId":1234567890123456789,"count":1}'],
    ['empty tweetId', '{"tweetId":"","count":1}'],
    ['negative count', '{"tweetId":"1","count":-1}'],
    ['fractional count', '{"tweetId":"1","count":1.5}'],
    ['string count', '{"tweetId":"1","count":"5"}'],
    ['missing count', '{"tweetId":"1"}'],
    ['null', 'null'],
    ['array', '[{"tweetId":"1","count":1}]'],
  ])('parseLikesEvent rejects %s', (_name, data) => {
    expect(parseLikesEvent(data)).toBeNull();
  });

  it('parseLikesEvent rejects non-string data', () => {
    expect(parseLikesEvent(undefined)).toBeNull();
    expect(parseLikesEvent({ tweetId: '1', count: 1 })).toBeNull();
  });

  it('parseLikeAnswer validates 200 and 202 bodies for the requested tweet', () => {
    expect(parseLikeAnswer(200, { tweetId: BIG, liked: true, count: 3, changed: true }, BIG)).toEqual({
      tweetId: BIG,
      liked: true,
      count: 3,
    });
    expect(parseLikeAnswer(202, { tweetId: BIG, liked: false }, BIG)).toEqual({ tweetId: BIG, liked: false, count: null });
    expect(parseLikeAnswer(200, { tweetId: BIG, liked: true }, BIG)).toBeNull(); // 200 needs a count
    expect(parseLikeAnswer(200, { tweetId: BIG, liked: 'yes', count: 1 }, BIG)).toBeNull();
    expect(parseLikeAnswer(200, { tweetId: BIG, liked: true, count: -1 }, BIG)).toBeNull();
    expect(parseLikeAnswer(200, { tweetId: '18446744073709552000', liked: true, count: 1 }, BIG)).toBeNull();
    expect(parseLikeAnswer(200, { tweetId: 18446744073709551615, liked: true, count: 1 }, BIG)).toBeNull();
    expect(parseLikeAnswer(204, null, BIG)).toBeNull();
    expect(parseLikeAnswer(200, null, BIG)).toBeNull();
  });
});

describe('requests and messages', () => {
  it('likeUrl encodes the id as a path segment', () => {
    expect(likeUrl(BIG)).toBe(`/api/tweets/${BIG}/likes`);
    expect(likeUrl('a/b?c#d e')).toBe('/api/tweets/a%2Fb%3Fc%23d%20e/likes');
  });

  it('isValidViewerId follows ^[A-Za-z0-9_-]{8,64}$', () => {
    expect(isValidViewerId('123e4567-e89b-12d3-a456-426614174000')).toBe(true);
    expect(isValidViewerId('abc_DEF-12')).toBe(true);
    expect(isValidViewerId('short')).toBe(false);
    expect(isValidViewerId('x'.repeat(65))).toBe(false);
    expect(isValidViewerId('has space 123')).toBe(false);
    expect(isValidViewerId(null)).toBe(false);
  });

  it('retryAfterSeconds reads delta-seconds and HTTP dates', () => {
    const now = Date.parse('2026-11-24T10:00:00Z');
    expect(retryAfterSeconds('30', now)).toBe(30);
    expect(retryAfterSeconds('Tue, 24 Nov 2026 10:00:12 GMT', now)).toBe(12);
    expect(retryAfterSeconds('soon', now)).toBeNull();
    expect(retryAfterSeconds(null, now)).toBeNull();
  });

  it('likeFailureMessage is short and specific', () => {
    expect(likeFailureMessage(true, 429, '12')).toBe('Too many likes. Try again in 12 s.');
    expect(likeFailureMessage(true, 429, null)).toBe('Too many likes. Try again in a moment.');
    expect(likeFailureMessage(true, 404)).toMatch(/not known/);
    expect(likeFailureMessage(false, 503)).toMatch(/unlike was not saved/);
    expect(likeFailureMessage(true, null)).toMatch(/Could not reach the server/);
    expect(likeFailureMessage(true, 400)).toBe('Your like was not saved.');
  });
});

describe('replaceServerCounts (snapshot)', () => {
  it('replaces all server counts: counts the snapshot does not mention are forgotten', () => {
    let s = createLikesState();
    s = applyServerCount(s, 'a', 5);
    s = applyServerCount(s, 'b', 2);
    const next = replaceServerCounts(s, [{ tweetId: 'b', count: 3 }, { tweetId: 'c', count: 1 }]);
    expect([...next.counts]).toEqual([['b', 3], ['c', 1]]);
    expect(likeViewOf(next, 'a').count).toBe(0);
    expect(s.counts.get('a')).toBe(5); // not modified
  });

  it('keeps own liked ids; a liked tweet without a count shows 1 again', () => {
    let s = createLikesState(['a']);
    s = applyServerCount(s, 'a', 9);
    const next = replaceServerCounts(s, []);
    expect(likeViewOf(next, 'a')).toEqual({ liked: true, count: 1, busy: false });
    expect(next.liked).toBe(s.liked);
  });

  it('treats a snapshot count like a live one for a request in flight; other optimistic counts stay', () => {
    let s = createLikesState();
    s = applyServerCount(s, 'x', 4);
    s = applyServerCount(s, 'y', 1);
    s = toggleLike(s, 'x')!.state; // optimistic 5, in flight
    s = toggleLike(s, 'y')!.state; // optimistic 2, in flight
    const next = replaceServerCounts(s, [{ tweetId: 'x', count: 6 }]);
    expect(likeViewOf(next, 'x')).toEqual({ liked: true, count: 6, busy: true });
    expect(next.pending.get('x')).toMatchObject({ serverCountSeen: true, prevOptimistic: undefined });
    // No snapshot count for y: its optimistic count lives on until a server count arrives.
    expect(likeViewOf(next, 'y')).toEqual({ liked: true, count: 2, busy: true });
    // A failure of x now keeps the snapshot's count (only the liked state is reverted).
    expect(likeViewOf(revertLike(next, 'x'), 'x')).toEqual({ liked: false, count: 6, busy: false });
  });

  it('skips invalid entries, the last count of a tweet wins, and the map stays bounded (kept ids survive)', () => {
    const s = createLikesState([], 3);
    const next = replaceServerCounts(
      s,
      [
        { tweetId: 'keep', count: 1 },
        { tweetId: '', count: 1 },
        { tweetId: 'n', count: -1 },
        { tweetId: 'a', count: 1 },
        { tweetId: 'b', count: 2 },
        { tweetId: 'a', count: 3 },
        { tweetId: 'c', count: 4 },
      ],
      (id) => id === 'keep',
    );
    expect([...next.counts]).toEqual([['keep', 1], ['a', 3], ['c', 4]]);
  });
});
