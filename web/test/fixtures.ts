import { toTweet, type Tweet } from '../src/tweets/tweet-list';

let counter = 0;

/** A valid tweet payload (as the server sends it) with overrides. */
export function payload(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  counter++;
  return {
    version: 1,
    tweetId: `17000000000000000${String(counter).padStart(2, '0')}`,
    text: `tweet ${counter}`,
    author: 'alice',
    authorImageUrl: 'https://example.com/a.png',
    hashtags: ['kafka', 'javaone'],
    conference: 'javaone',
    createdAt: '2026-11-24T10:00:00+00:00',
    receivedAt: '2026-11-24T10:00:01+00:00',
    language: 'en',
    isRetweet: false,
    originalTweetId: null,
    link: 'https://example.com/t/1',
    source: 'ifttt',
    ...overrides,
  };
}

export function tweet(overrides: Record<string, unknown> = {}): Tweet {
  const t = toTweet(payload(overrides));
  if (t === null) throw new Error('fixture is invalid');
  return t;
}

/** createdAt at `minute` minutes past 10:00 UTC on the fixture day. */
export function at(minute: number): string {
  return new Date(Date.UTC(2026, 10, 24, 10, minute)).toISOString();
}
