// The anonymous viewer identity and the viewer's liked tweets, kept in localStorage.
// localStorage may be missing or throw (privacy modes, blocked storage, quota): then the values
// live in memory for this page session.

import {
  LIKED_TWEETS_KEY,
  MAX_LIKED_IDS,
  VIEWER_ID_KEY,
  isValidViewerId,
  parseStoredLikedIds,
} from './likes/likes';

export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** window.localStorage when it exists and works, else null. Never throws. */
export function browserStorage(): StorageLike | null {
  try {
    const storage = globalThis.localStorage;
    if (storage === undefined || storage === null) return null;
    const probe = 'tweetplatform.probe';
    storage.setItem(probe, probe);
    storage.removeItem(probe);
    return storage;
  } catch {
    return null;
  }
}

/**
 * A storage that never throws: every value is also kept in memory, so it survives for the session
 * when the backing storage is missing or fails.
 */
export function createSafeStorage(backing: StorageLike | null): StorageLike {
  const memory = new Map<string, string>();
  return {
    getItem(key) {
      if (memory.has(key)) return memory.get(key) ?? null;
      try {
        return backing?.getItem(key) ?? null;
      } catch {
        return null;
      }
    },
    setItem(key, value) {
      memory.set(key, value);
      try {
        backing?.setItem(key, value);
      } catch {
        // Quota or privacy mode: the in-memory copy has to do.
      }
    },
  };
}

interface CryptoLike {
  randomUUID?: () => string;
  getRandomValues?: <T extends Uint8Array>(array: T) => T;
}

/**
 * A new anonymous viewer id: crypto.randomUUID() (a UUID with dashes matches the server's
 * `^[A-Za-z0-9_-]{8,64}$`). randomUUID only exists in secure contexts, so fall back to
 * getRandomValues (32 hex digits), and as a last resort to Math.random.
 */
export function newViewerId(crypto: CryptoLike | undefined = globalThis.crypto): string {
  if (typeof crypto?.randomUUID === 'function') {
    const id = crypto.randomUUID();
    if (isValidViewerId(id)) return id;
  }
  const bytes = new Uint8Array(16);
  if (typeof crypto?.getRandomValues === 'function') {
    crypto.getRandomValues(bytes);
  } else {
    for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  }
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The stored viewer id, or a new one (stored) when there is none or it is not valid. */
export function loadViewerId(storage: StorageLike, create: () => string = () => newViewerId()): string {
  const stored = storage.getItem(VIEWER_ID_KEY);
  if (isValidViewerId(stored)) return stored;
  const id = create();
  storage.setItem(VIEWER_ID_KEY, id);
  return id;
}

export function loadLikedIds(storage: StorageLike): string[] {
  return parseStoredLikedIds(storage.getItem(LIKED_TWEETS_KEY));
}

/** Stores the liked ids (oldest first), at most the newest MAX_LIKED_IDS. */
export function saveLikedIds(storage: StorageLike, ids: readonly string[]): void {
  storage.setItem(LIKED_TWEETS_KEY, JSON.stringify(ids.slice(-MAX_LIKED_IDS)));
}
