import { describe, expect, it } from 'vitest';
import {
  MAX_HASHTAGS,
  MAX_TWEETS,
  addTweet,
  addTweets,
  createTweetListState,
  parseTweet,
  replaceTweets,
  tweetsOf,
  type TweetListState,
} from '../src/tweets/tweet-list';
import { at, payload, tweet } from './fixtures';

const ids = (s: TweetListState) => tweetsOf(s).map((t) => t.tweetId);

describe('parseTweet', () => {
  it('parses a full payload into a typed tweet', () => {
    const t = parseTweet(JSON.stringify(payload({ tweetId: '1234567890123456789', text: 'hello' })));
    expect(t).toMatchObject({
      version: 1,
      tweetId: '1234567890123456789',
      text: 'hello',
      author: 'alice',
      hashtags: ['kafka', 'javaone'],
      conference: 'javaone',
      createdAt: '2026-11-24T10:00:00+00:00',
      isRetweet: false,
      originalTweetId: null,
      source: 'ifttt',
    });
  });

  it('keeps ids beyond 2^53 as exact strings', () => {
    const big = '18446744073709551615'; // 2^64 - 1, far beyond Number.MAX_SAFE_INTEGER
    expect(Number(big).toString()).not.toBe(big); // what Number() would do to it
    const t = parseTweet(
      `{"tweetId":"${big}","text":"x","author":"a","originalTweetId":"9007199254740993"}`,
    );
    expect(t?.tweetId).toBe(big);
    expect(typeof t?.tweetId).toBe('string');
    expect(t?.originalTweetId).toBe('9007199254740993');
  });

  it('accepts a minimal payload and defaults the optional fields', () => {
    const t = parseTweet('{"tweetId":"1","text":"","author":"bob"}');
    expect(t).toEqual({
      version: 1,
      tweetId: '1',
      text: '',
      author: 'bob',
      authorImageUrl: null,
      hashtags: [],
      conference: null,
      createdAt: null,
      receivedAt: null,
      language: null,
      isRetweet: false,
      originalTweetId: null,
      link: null,
      source: null,
    });
  });

  it.each([
    ['not JSON', '{"tweetId":'],
    ['empty string', ''],
    ['JSON null', 'null'],
    ['JSON array', '[{"tweetId":"1","text":"x","author":"a"}]'],
    ['JSON string', '"tweet"'],
    ['missing tweetId', '{"text":"x","author":"a"}'],
    ['numeric tweetId (precision already lost)', '{"tweetId":1234567890123456789,"text":"x","author":"a"}'],
    ['empty tweetId', '{"tweetId":"","text":"x","author":"a"}'],
    ['missing text', '{"tweetId":"1","author":"a"}'],
    ['non-string text', '{"tweetId":"1","text":{"html":"<b>"},"author":"a"}'],
    ['missing author', '{"tweetId":"1","text":"x"}'],
    ['null author', '{"tweetId":"1","text":"x","author":null}'],
  ])('rejects %s without throwing', (_name, data) => {
    expect(() => parseTweet(data)).not.toThrow();
    expect(parseTweet(data)).toBeNull();
  });

  it('rejects non-string event data', () => {
    expect(parseTweet(undefined)).toBeNull();
    expect(parseTweet(42)).toBeNull();
    expect(parseTweet({ tweetId: '1', text: 'x', author: 'a' })).toBeNull();
  });

  it('sanitises optional fields of the wrong type', () => {
    const t = parseTweet(
      JSON.stringify({
        tweetId: '1',
        text: 'x',
        author: 'a',
        hashtags: ['#kafka', 7, null, '', 'Kafka', '##dotnet', { tag: 'x' }],
        conference: 42,
        originalTweetId: 9007199254740993,
        isRetweet: 'yes',
        createdAt: 12345,
      }),
    );
    expect(t?.hashtags).toEqual(['kafka', 'dotnet']);
    expect(t?.conference).toBeNull();
    expect(t?.originalTweetId).toBeNull();
    expect(t?.isRetweet).toBe(false);
    expect(t?.createdAt).toBeNull();
  });

  it('caps the number of hashtags', () => {
    const many = Array.from({ length: 500 }, (_, i) => `tag${i}`);
    expect(parseTweet(JSON.stringify(payload({ hashtags: many })))?.hashtags).toHaveLength(MAX_HASHTAGS);
  });
});

describe('addTweets', () => {
  it('starts empty', () => {
    const s = createTweetListState();
    expect(s.entries).toEqual([]);
    expect(s.limit).toBe(MAX_TWEETS);
    expect(MAX_TWEETS).toBe(200);
  });

  it('orders newest first by createdAt, not by arrival', () => {
    let s = createTweetListState();
    s = addTweet(s, tweet({ tweetId: 'b', createdAt: at(2) }));
    s = addTweet(s, tweet({ tweetId: 'c', createdAt: at(3) }));
    s = addTweet(s, tweet({ tweetId: 'a', createdAt: at(1) }));
    expect(ids(s)).toEqual(['c', 'b', 'a']);
  });

  it('compares instants, not strings (offsets differ)', () => {
    let s = createTweetListState();
    // 10:30+02:00 is 08:30Z, earlier than 09:00Z although it sorts later as a string.
    s = addTweet(s, tweet({ tweetId: 'offset', createdAt: '2026-11-24T10:30:00+02:00' }));
    s = addTweet(s, tweet({ tweetId: 'utc', createdAt: '2026-11-24T09:00:00Z' }));
    expect(ids(s)).toEqual(['utc', 'offset']);
  });

  it('breaks createdAt ties by arrival, later arrival first', () => {
    let s = createTweetListState();
    s = addTweets(s, [tweet({ tweetId: '1', createdAt: at(5) }), tweet({ tweetId: '2', createdAt: at(5) })]);
    s = addTweet(s, tweet({ tweetId: '3', createdAt: at(5) }));
    expect(ids(s)).toEqual(['3', '2', '1']);
  });

  it('falls back to receivedAt, then to the local arrival time', () => {
    let s = createTweetListState();
    s = addTweet(s, tweet({ tweetId: 'created', createdAt: at(10) }));
    s = addTweet(s, tweet({ tweetId: 'received', createdAt: undefined, receivedAt: at(20) }));
    s = addTweet(
      s,
      tweet({ tweetId: 'local', createdAt: 'garbage', receivedAt: undefined }),
      Date.parse(at(15)),
    );
    expect(ids(s)).toEqual(['received', 'local', 'created']);
  });

  it('de-duplicates by tweetId: a re-sent tweet does not appear twice, first one wins', () => {
    let s = createTweetListState();
    s = addTweet(s, tweet({ tweetId: '42', text: 'first', createdAt: at(1) }));
    s = addTweet(s, tweet({ tweetId: '43', createdAt: at(2) }));
    const before = s;
    s = addTweet(s, tweet({ tweetId: '42', text: 'again', createdAt: at(9) }));
    expect(s).toBe(before); // unchanged, same object: no re-render needed
    expect(ids(s)).toEqual(['43', '42']);
    expect(tweetsOf(s).find((t) => t.tweetId === '42')?.text).toBe('first');
  });

  it('de-duplicates within one batch', () => {
    const s = addTweets(createTweetListState(), [
      tweet({ tweetId: 'x', text: 'one' }),
      tweet({ tweetId: 'x', text: 'two' }),
      tweet({ tweetId: 'y' }),
    ]);
    expect(ids(s).sort()).toEqual(['x', 'y']);
    expect(tweetsOf(s).find((t) => t.tweetId === 'x')?.text).toBe('one');
  });

  it('does not confuse ids that differ only beyond 2^53 precision', () => {
    const a = '9007199254740993';
    const b = '9007199254740992';
    expect(Number(a)).toBe(Number(b)); // Number() would merge them
    const s = addTweets(createTweetListState(), [tweet({ tweetId: a }), tweet({ tweetId: b })]);
    expect(ids(s).sort()).toEqual([b, a]);
  });

  it('keeps at most 200 tweets, dropping the oldest', () => {
    let s = createTweetListState();
    for (let i = 0; i < 250; i++) {
      s = addTweet(s, tweet({ tweetId: `id-${i}`, createdAt: new Date(Date.UTC(2026, 10, 24, 10, 0, i)).toISOString() }));
    }
    expect(s.entries).toHaveLength(200);
    expect(s.ids.size).toBe(200);
    expect(ids(s)[0]).toBe('id-249');
    expect(ids(s)[199]).toBe('id-50');
    expect(s.ids.has('id-49')).toBe(false);
  });

  it('bounds a single large batch too', () => {
    const batch = Array.from({ length: 1000 }, (_, i) =>
      tweet({ tweetId: String(i), createdAt: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString() }),
    );
    const s = addTweets(createTweetListState(), batch);
    expect(s.entries).toHaveLength(MAX_TWEETS);
    expect(ids(s)[0]).toBe('999');
    expect(ids(s).at(-1)).toBe('800');
  });

  it('ignores a late tweet older than everything kept when full', () => {
    let s = createTweetListState(3);
    s = addTweets(s, [tweet({ tweetId: 'a', createdAt: at(1) }), tweet({ tweetId: 'b', createdAt: at(2) }), tweet({ tweetId: 'c', createdAt: at(3) })]);
    const full = s;
    s = addTweet(s, tweet({ tweetId: 'old', createdAt: at(0) }));
    expect(s).toBe(full);
    s = addTweet(s, tweet({ tweetId: 'new', createdAt: at(4) }));
    expect(ids(s)).toEqual(['new', 'c', 'b']);
  });

  it('does not mutate the previous state', () => {
    const s0 = createTweetListState();
    const s1 = addTweet(s0, tweet({ tweetId: 'p' }));
    const s2 = addTweet(s1, tweet({ tweetId: 'q' }));
    expect(s0.entries).toHaveLength(0);
    expect(s0.ids.size).toBe(0);
    expect(s1.entries).toHaveLength(1);
    expect(s2.entries).toHaveLength(2);
  });

  it('rejects a non-positive limit', () => {
    expect(() => createTweetListState(0)).toThrow(RangeError);
  });
});

describe('replaceTweets (snapshot)', () => {
  it('replaces the whole list: nothing of the old one survives', () => {
    let s = createTweetListState();
    s = addTweets(s, [tweet({ tweetId: 'old1', createdAt: at(1) }), tweet({ tweetId: 'keep', createdAt: at(2) })]);
    const next = replaceTweets(s, [tweet({ tweetId: 'keep', createdAt: at(2) }), tweet({ tweetId: 'new', createdAt: at(0) })]);
    expect(ids(next)).toEqual(['keep', 'new']);
    expect([...next.ids].sort()).toEqual(['keep', 'new']);
    expect(ids(s)).toEqual(['keep', 'old1']); // not modified
    expect(next.limit).toBe(s.limit);
  });

  it('an empty snapshot empties the list', () => {
    const s = addTweet(createTweetListState(), tweet());
    const next = replaceTweets(s, []);
    expect(next.entries).toEqual([]);
    expect(next.ids.size).toBe(0);
  });

  it('keeps the given (newest first) order on equal or missing times, orders by time otherwise', () => {
    const same = ['a', 'b', 'c'].map((id) => tweet({ tweetId: id, createdAt: at(3) }));
    expect(ids(replaceTweets(createTweetListState(), same))).toEqual(['a', 'b', 'c']);
    const untimed = ['x', 'y'].map((id) => tweet({ tweetId: id, createdAt: null, receivedAt: null }));
    expect(ids(replaceTweets(createTweetListState(), untimed, 0))).toEqual(['x', 'y']);
    const unordered = [tweet({ tweetId: 'p', createdAt: at(1) }), tweet({ tweetId: 'q', createdAt: at(9) })];
    expect(ids(replaceTweets(createTweetListState(), unordered))).toEqual(['q', 'p']);
  });

  it('de-duplicates (first one wins) and bounds the list', () => {
    const s = replaceTweets(createTweetListState(3), [
      tweet({ tweetId: '1', text: 'first', createdAt: at(9) }),
      tweet({ tweetId: '1', text: 'second', createdAt: at(9) }),
      tweet({ tweetId: '2', createdAt: at(8) }),
      tweet({ tweetId: '3', createdAt: at(7) }),
      tweet({ tweetId: '4', createdAt: at(6) }),
    ]);
    expect(ids(s)).toEqual(['1', '2', '3']);
    expect(tweetsOf(s)[0]!.text).toBe('first');
  });

  it('live tweets after a snapshot are merged as usual', () => {
    let s = replaceTweets(createTweetListState(), [tweet({ tweetId: '1', createdAt: at(1) })]);
    s = addTweet(s, tweet({ tweetId: '2', createdAt: at(2) }));
    s = addTweet(s, tweet({ tweetId: '1', createdAt: at(1) }));
    expect(ids(s)).toEqual(['2', '1']);
  });
});
