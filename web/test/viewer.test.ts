import { describe, expect, it } from 'vitest';
import { LIKED_TWEETS_KEY, VIEWER_ID_KEY, isValidViewerId } from '../src/likes/likes';
import {
  createSafeStorage,
  loadLikedIds,
  loadViewerId,
  newViewerId,
  saveLikedIds,
  type StorageLike,
} from '../src/viewer';

function memoryStorage(initial: Record<string, string> = {}): StorageLike & { data: Map<string, string> } {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
  };
}

const throwing: StorageLike = {
  getItem() {
    throw new Error('SecurityError');
  },
  setItem() {
    throw new Error('QuotaExceededError');
  },
};

describe('viewer id', () => {
  it('is created once with crypto.randomUUID() and kept in tweetplatform.viewerId', () => {
    const storage = memoryStorage();
    let calls = 0;
    const create = () => {
      calls++;
      return '123e4567-e89b-12d3-a456-426614174000';
    };
    expect(loadViewerId(storage, create)).toBe('123e4567-e89b-12d3-a456-426614174000');
    expect(storage.data.get(VIEWER_ID_KEY)).toBe('123e4567-e89b-12d3-a456-426614174000');
    expect(loadViewerId(storage, create)).toBe('123e4567-e89b-12d3-a456-426614174000');
    expect(calls).toBe(1);
    expect(VIEWER_ID_KEY).toBe('tweetplatform.viewerId');
  });

  it('replaces a stored id the server would reject', () => {
    const storage = memoryStorage({ [VIEWER_ID_KEY]: 'bad id!' });
    expect(loadViewerId(storage, () => 'abcdefgh-1234')).toBe('abcdefgh-1234');
    expect(storage.data.get(VIEWER_ID_KEY)).toBe('abcdefgh-1234');
  });

  it('newViewerId uses randomUUID, else getRandomValues, always in the accepted format', () => {
    expect(newViewerId({ randomUUID: () => '123e4567-e89b-12d3-a456-426614174000' })).toBe(
      '123e4567-e89b-12d3-a456-426614174000',
    );
    const fallback = newViewerId({ getRandomValues: (a) => a.fill(171) });
    expect(fallback).toBe('ab'.repeat(16));
    expect(isValidViewerId(newViewerId(undefined))).toBe(true);
    expect(isValidViewerId(newViewerId())).toBe(true); // Node's crypto.randomUUID
  });

  it('lives in memory for the session when localStorage is unavailable or throws', () => {
    for (const backing of [null, throwing]) {
      const storage = createSafeStorage(backing);
      const id = loadViewerId(storage);
      expect(isValidViewerId(id)).toBe(true);
      expect(loadViewerId(storage)).toBe(id);
    }
  });
});

describe('liked ids storage', () => {
  it('round-trips through tweetplatform.likedTweets, bounded to 500', () => {
    const storage = memoryStorage();
    saveLikedIds(storage, ['18446744073709551615', '2']);
    expect(storage.data.get(LIKED_TWEETS_KEY)).toBe('["18446744073709551615","2"]');
    expect(loadLikedIds(storage)).toEqual(['18446744073709551615', '2']);
    saveLikedIds(storage, Array.from({ length: 700 }, (_, i) => `id${i}`));
    const ids = loadLikedIds(storage);
    expect(ids).toHaveLength(500);
    expect(ids[0]).toBe('id200');
    expect(LIKED_TWEETS_KEY).toBe('tweetplatform.likedTweets');
  });

  it('ignores garbage in storage', () => {
    expect(loadLikedIds(memoryStorage({ [LIKED_TWEETS_KEY]: '{oops' }))).toEqual([]);
  });

  it('safe storage prefers the session copy and survives a throwing backend', () => {
    const storage = createSafeStorage(throwing);
    expect(storage.getItem('k')).toBeNull();
    storage.setItem('k', 'v');
    expect(storage.getItem('k')).toBe('v');
    const backing = memoryStorage({ k: 'stored' });
    expect(createSafeStorage(backing).getItem('k')).toBe('stored');
  });
});
