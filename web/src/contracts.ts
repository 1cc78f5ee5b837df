// The page's models of the events it reads, checked against the contracts generated from the .NET types
// (contracts.generated.ts). A field the page reads that a contract renames, drops or retypes fails the type
// check (`npm run typecheck`, part of every build) instead of reading undefined at run time.

import type {
  ConferenceAlertRaised,
  TopLikedChanged,
  TrendingHashtagsChanged,
  TweetCountsChanged,
  TweetReceived,
} from './contracts.generated';
import type { Alert } from './alerts/alerts';
import type { TopLiked, TrendingHashtags, TweetCounts } from './findings/findings';
import type { Tweet } from './tweets/tweet-list';

export { EVENT_TYPES } from './contracts.generated';

/** Per field of Model: does Contract have it, with a type the model can hold (null aside)? */
type FieldChecks<Model, Contract> = {
  [K in keyof Model]-?: K extends keyof Contract
    ? NonNullable<Contract[K]> extends NonNullable<Model[K]>
      ? true
      : false
    : false;
};

/** `true` when every field of Model is a field of Contract; `never` (a type error where `true` is assigned) otherwise. */
export type Conforms<Model, Contract> = false extends FieldChecks<Model, Contract>[keyof Model] ? never : true;

/** Fields the page adds itself (the SSE event's kind), not part of the contract. */
type Own = 'kind';

export const CONFORMANCE = {
  tweet: true satisfies Conforms<Tweet, TweetReceived>,
  tweetCounts: true satisfies Conforms<Omit<TweetCounts, Own>, TweetCountsChanged>,
  trendingHashtags: true satisfies Conforms<Omit<TrendingHashtags, Own>, TrendingHashtagsChanged>,
  topLiked: true satisfies Conforms<Omit<TopLiked, Own>, TopLikedChanged>,
  alert: true satisfies Conforms<Alert, ConferenceAlertRaised>,
} as const;
