// Types of the Kindred browser SDK (src/kindred.js).

export interface KindredOptions {
  /** Base URL of the ingest API (or `endpoint` for one gateway in front of both APIs). */
  ingestUrl?: string;
  /** Base URL of the recommend API (default: endpoint or ingestUrl). */
  recommendUrl?: string;
  endpoint?: string;
  /**
   * The tenant's publishable key (kd_pub_…): safe in a page or app. Secret keys (kd_ing_…, kd_srv_…)
   * are refused: they stay on your servers.
   */
  publishableKey: string;
  /** The logged-in user (omit for an anonymous visitor; or call identify after login). */
  userId?: string;
  /**
   * Resolves to the logged-in user's short-lived token, signed by your backend with a user-token
   * key's secret (HS256 JWT: kid, sub = userId, exp). Called when a token is needed and again shortly
   * before it expires. Required with userId.
   */
  userToken?: () => Promise<string>;
  /** Where the anonymous visitor's id is kept (default: localStorage; null: this page only). */
  storage?: { getItem(key: string): string | null; setItem(key: string, value: string): void } | null;
  /** Events per request (default 20). */
  batchSize?: number;
  /** The oldest queued event waits at most this long (default 2000 ms). */
  flushIntervalMs?: number;
  /** Events kept while waiting; beyond it track() drops the new event and returns false (default 1000). */
  maxQueue?: number;
  /** Attempts per batch on network errors, 429 and 5xx (default 5). */
  maxAttempts?: number;
  /** Base of the jittered exponential backoff (default 250 ms); a 429's Retry-After wins. */
  backoffMs?: number;
  /** Track a view of `<meta name="kindred:item" content="ID">` when the SDK starts (default false). */
  autoPageView?: boolean;
  /** Start with tracking off (e.g. until the consent banner is answered). */
  tracking?: boolean;
}

export type EventType = 'view' | 'click' | 'add_to_cart' | 'purchase' | 'rating' | 'search' | 'review' | 'feedback';

export interface EventProps {
  itemId?: string;
  sessionId?: string;
  recommendationId?: string;
  dwellMs?: number;
  quantity?: number;
  price?: number;
  rating?: number;
  query?: string;
  text?: string;
  kind?: 'like' | 'dislike' | 'not_interested' | 'hide_topic';
  topic?: string;
  context?: Record<string, string>;
  occurredAt?: string;
}

export interface Evidence { type: string; itemId?: string; title?: string; at?: string; }

export interface Explanation {
  source: string;
  words: string[];
  because: Evidence[];
  sentence: string;
  contributions?: Record<string, number>;
}

export interface RecommendedItem {
  itemId: string;
  title: string;
  score: number;
  /** Stable source id: interest/<cluster>, session, co-visit, sequence, trending, explore/<cluster>, similar, promoted/<rule>. */
  source: string;
  explanation?: Explanation;
}

export interface Recommendations {
  recommendationId: string;
  userId?: string;
  personalized: boolean;
  /** Why the list is not personal, when it is not. */
  note?: string;
  items: RecommendedItem[];
}

export interface Stats {
  queued: number; accepted: number; duplicates: number; rejected: number; dropped: number;
  failed: number; retries: number; beacons: number; waiting: number;
}

/** A failed call: the problem details (RFC 9457) of the answer. */
export interface KindredError extends Error {
  status: number;
  problem: { title?: string; detail?: string; errors?: { field: string; detail: string; index?: number }[] };
  errors: { field: string; detail: string; index?: number }[];
}

/** What identify did: the visitor's events now the user's, and the visitor's erasure. */
export interface Merged {
  userId: string;
  merged: number;
  duplicates: number;
  anonymousErasure?: { requestId: string; status: string; statusUrl: string };
}

export declare class Kindred {
  constructor(options: KindredOptions, env?: unknown);
  /** This device's anonymous visitor id (anon-…), kept in storage. */
  readonly anonymousId: string;
  /** The logged-in user, or null for an anonymous visitor. */
  readonly userId: string | null;
  /** The id events and reads are about: the user, else the anonymous visitor. */
  currentUser(): string;
  /** After login: act as userId (with its token) and merge the visitor's history into the user. */
  identify(userId: string, options?: { userToken?: () => Promise<string> }): Promise<Merged>;
  /** Logout: forget the user; a fresh anonymous id. */
  reset(): this;
  track(type: EventType, props?: EventProps): boolean;
  view(itemId: string, props?: EventProps): boolean;
  click(itemId: string, props?: EventProps): boolean;
  addToCart(itemId: string, props?: EventProps): boolean;
  purchase(itemId: string, props?: EventProps): boolean;
  rating(itemId: string, rating: number, props?: EventProps): boolean;
  search(query: string, props?: EventProps): boolean;
  feedback(kind: 'like' | 'dislike' | 'not_interested' | 'hide_topic', itemId?: string, props?: EventProps): boolean;
  flush(options?: { beacon?: boolean }): Promise<void>;
  setConsent(consent: { personalization: boolean; analytics: boolean }): Promise<void>;
  recommendations(options?: { count?: number; filter?: string; context?: Record<string, string>; exclude?: string[]; explain?: boolean }): Promise<Recommendations>;
  similar(itemId: string, options?: { count?: number }): Promise<Recommendations>;
  trending(options?: { count?: number; category?: string }): Promise<Recommendations>;
  /** The current user's interests in words, their evidence and negatives (their own only). */
  myInterests(): Promise<unknown>;
  /** Mute, unmute or delete the current user's interests. */
  correctInterests(interests: { id: number; muted?: boolean; deleted?: boolean }[]): Promise<unknown>;
  /** Everything Kindred holds about the current user (right of access). */
  exportMyData(): Promise<{ userId: string; consent: unknown; profile: unknown; recommendationsShown: unknown[]; events: unknown[] }>;
  /** Erase the current user's data (right to be forgotten); the SDK then forgets the user and stops tracking. */
  eraseMe(): Promise<{ requestId: string; status: string; statusUrl: string }>;
  stats(): Stats;
}

export declare function init(options: KindredOptions): Kindred;
/** The item's plain-language reason. */
export declare function explain(item: RecommendedItem): string;
/** The reason as escaped HTML with the interest's words in <em>. */
export declare function explainHtml(item: RecommendedItem): string;
export declare function escapeHtml(text: string): string;
