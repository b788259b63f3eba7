// Kindred browser SDK: a dependency-free ES module for tenants' pages and apps. It holds only a
// publishable key (kd_pub_…), which may track events and read recommendations, similar and trending
// items — for this device's anonymous visitor, or for the logged-in user whose short-lived token the
// tenant's backend signs (the `userToken` callback). Tracks behaviour in batches (a beacon carries the
// last batch when the page is hidden), merges the visitor's history into the user at login, and
// gives the end-user their privacy centre: interests, export, consent, erasure. See README.md;
// types in kindred.d.ts.

const DEFAULTS = {
  batchSize: 20,
  flushIntervalMs: 2000,
  maxQueue: 1000,
  maxAttempts: 5,
  backoffMs: 250,
  autoPageView: false,
};
const ANONYMOUS_ID_KEY = 'kindred.anonymousId';
/** A token is fetched again this long before it expires. */
const TOKEN_REFRESH_MS = 60_000;

/** One client per page: `init({ingestUrl, recommendUrl, publishableKey, userId, userToken})`. */
export function init(options) {
  return new Kindred(options, globalThis);
}

export class Kindred {
  constructor(options, env = globalThis) {
    if (!options || (!options.ingestUrl && !options.endpoint)) {
      throw new TypeError('kindred.init needs ingestUrl (or endpoint)');
    }
    const key = options.publishableKey;
    if (typeof key !== 'string' || !key.startsWith('kd_pub_')) {
      // Secret keys (kd_ing_…, kd_srv_…) can export and erase any user's data: never in a page or app.
      throw new TypeError('kindred.init needs a publishableKey (kd_pub_…); secret keys stay on your servers');
    }
    this.options = { ...DEFAULTS, ...options };
    this.ingestUrl = trim(options.ingestUrl || options.endpoint);
    this.recommendUrl = trim(options.recommendUrl || options.endpoint || options.ingestUrl);
    this.env = env;
    this.storage = options.storage !== undefined ? options.storage : safeStorage(env);
    this.anonymousId = this.loadAnonymousId();
    this.userId = options.userId || null;
    this.tokenProvider = options.userToken || null;
    if (this.userId && !this.tokenProvider) {
      throw new TypeError('a logged-in userId needs a userToken callback: your backend signs the user\'s token');
    }
    this.token = null;            // { value, expiresAt }
    this.tokenPending = null;
    this.tracking = options.tracking !== false;
    this.queue = [];
    this.counts = { queued: 0, accepted: 0, duplicates: 0, rejected: 0, dropped: 0, failed: 0, retries: 0, beacons: 0 };
    this.timer = null;
    this.sending = Promise.resolve();
    const doc = env.document;
    if (doc && typeof doc.addEventListener === 'function') {
      // The last chance to send: the tab is hidden or the page is left. A beacon survives unload.
      const hide = () => { if (doc.visibilityState === 'hidden') this.flush({ beacon: true }); };
      doc.addEventListener('visibilitychange', hide);
      (env.addEventListener ? env : doc).addEventListener('pagehide', () => this.flush({ beacon: true }));
    }
    if (this.userId) {
      this.freshToken().catch(() => {});   // ready for a beacon before the first request needs it
    }
    if (this.options.autoPageView && doc && typeof doc.querySelector === 'function') {
      const meta = doc.querySelector('meta[name="kindred:item"]');
      if (meta && meta.getAttribute('content')) {
        this.view(meta.getAttribute('content'));
      }
    }
  }

  /** Who the events and reads are about: the logged-in user, else this device's anonymous visitor. */
  currentUser() {
    return this.userId || this.anonymousId;
  }

  /**
   * After login: from now on the SDK acts for `userId` (with the token `userToken` provides — the
   * constructor's callback or this one), and the anonymous visitor's history so far is merged into
   * the user on the server (then erased as the visitor's). Resolves to `{merged, duplicates}`.
   */
  async identify(userId, { userToken } = {}) {
    if (!userId || typeof userId !== 'string') {
      throw new TypeError('identify needs the user id');
    }
    if (userToken) this.tokenProvider = userToken;
    if (!this.tokenProvider) {
      throw new TypeError('identify needs a userToken callback: your backend signs the user\'s token');
    }
    await this.flush();                     // what the visitor did so far is stored before the merge
    const anonymousId = this.anonymousId;
    this.userId = userId;
    this.token = null;
    const r = await this.request('POST', `${this.ingestUrl}/v1/users/${encodeURIComponent(userId)}/identify`,
      { anonymousId }, { asUser: true });
    const result = await check(r);
    this.anonymousId = this.newAnonymousId();   // the old one's history now belongs to the user
    return result;
  }

  /** Logout: forget the user and their token; the device gets a fresh anonymous id. */
  reset() {
    this.userId = null;
    this.token = null;
    this.queue.length = 0;
    this.anonymousId = this.newAnonymousId();
    return this;
  }

  /**
   * Queues an event of any type (`view`, `click`, `add_to_cart`, `purchase`, `rating`, `search`,
   * `review`, `feedback`) about the current user; false when tracking is off or the queue is full.
   */
  track(type, props = {}) {
    if (!this.tracking) {
      return false;
    }
    if (this.queue.length >= this.options.maxQueue) {
      this.counts.dropped++;
      return false;
    }
    const event = { eventId: uuid(this.env), type, userId: this.currentUser(), occurredAt: new Date().toISOString() };
    for (const [k, v] of Object.entries(props)) {
      if (v !== undefined && v !== null) {
        event[k] = v;
      }
    }
    this.queue.push(event);
    this.counts.queued++;
    if (this.queue.length >= this.options.batchSize) {
      this.flush();
    } else if (!this.timer) {
      this.timer = setTimeout(() => { this.timer = null; this.flush(); }, this.options.flushIntervalMs);
      if (typeof this.timer === 'object' && this.timer.unref) this.timer.unref();  // Node: never hold the process
    }
    return true;
  }

  view(itemId, props = {}) { return this.track('view', { itemId, ...props }); }
  click(itemId, props = {}) { return this.track('click', { itemId, ...props }); }
  addToCart(itemId, props = {}) { return this.track('add_to_cart', { itemId, ...props }); }
  purchase(itemId, props = {}) { return this.track('purchase', { itemId, ...props }); }
  rating(itemId, rating, props = {}) { return this.track('rating', { itemId, rating, ...props }); }
  search(query, props = {}) { return this.track('search', { query, ...props }); }
  feedback(kind, itemId, props = {}) { return this.track('feedback', { kind, itemId, ...props }); }

  /**
   * Sends what is queued. `{beacon: true}` hands the batch to navigator.sendBeacon (it outlives the
   * page; beacons cannot carry headers, so the publishable key travels in the query and the user's
   * token, if any, in the body — never in the URL); else fetch with retries.
   */
  flush({ beacon = false } = {}) {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.queue.length === 0) {
      return this.sending;
    }
    if (beacon && this.env.navigator && typeof this.env.navigator.sendBeacon === 'function') {
      while (this.queue.length > 0) {
        const batch = this.queue.slice(0, this.options.batchSize);
        const url = `${this.ingestUrl}/v1/events?key=${encodeURIComponent(this.options.publishableKey)}`;
        const envelope = { events: batch };
        if (this.token && batch.some((e) => e.userId === this.userId)) envelope.userToken = this.token.value;
        const body = new Blob([JSON.stringify(envelope)], { type: 'text/plain' });
        if (!this.env.navigator.sendBeacon(url, body)) {
          break;  // the browser refused (too big or too many): keep them for the next flush
        }
        this.queue.splice(0, batch.length);
        this.counts.beacons++;
      }
      return this.sending;
    }
    const batches = [];
    while (this.queue.length > 0) {
      batches.push(this.queue.splice(0, this.options.batchSize));
    }
    this.sending = this.sending.then(async () => {
      for (const batch of batches) {
        await this.deliver(batch);
      }
    });
    return this.sending;
  }

  async deliver(batch) {
    const asUser = batch.some((e) => this.userId && e.userId === this.userId);
    for (let attempt = 0; ; attempt++) {
      let response;
      try {
        response = await this.request('POST', `${this.ingestUrl}/v1/events`, batch, { asUser });
      } catch (networkError) {
        response = null;
      }
      if (response && (response.status === 200 || response.status === 207)) {
        const body = await response.json();
        this.counts.accepted += body.accepted || 0;
        this.counts.duplicates += body.duplicates || 0;
        this.counts.rejected += body.rejected || 0;
        return;
      }
      if (response && response.status === 401 && asUser && attempt === 0) {
        this.token = null;        // expired or rotated: one more try with a fresh token
        continue;
      }
      if (response && response.status >= 400 && response.status < 500 && response.status !== 429) {
        this.counts.rejected += batch.length;   // refused as sent: retrying cannot help
        return;
      }
      const retryable = !response || response.status === 429 || response.status >= 500;
      if (!retryable || attempt + 1 >= this.options.maxAttempts) {
        this.counts.failed += batch.length;
        return;
      }
      this.counts.retries++;
      const header = response ? response.headers.get('Retry-After') : null;
      const wait = header !== null && Number(header) >= 0
        ? Number(header) * 1000 : Math.random() * this.options.backoffMs * 2 ** attempt;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  /**
   * Records the user's consent on the server, and follows it here: without analytics consent the
   * SDK stops tracking and drops what it had queued; without personalization consent Kindred
   * serves only non-personal lists (and says so in `note`).
   */
  async setConsent({ personalization, analytics }) {
    if (typeof personalization !== 'boolean' || typeof analytics !== 'boolean') {
      throw new TypeError('setConsent needs {personalization: boolean, analytics: boolean}');
    }
    this.tracking = analytics;
    if (!analytics) {
      this.queue.length = 0;
      if (this.timer) {
        clearTimeout(this.timer);
        this.timer = null;
      }
    }
    await check(await this.request('PUT', this.userUrl(this.ingestUrl, '/consent'), { personalization, analytics },
      { asUser: true }));
  }

  /** The current user's home feed, each item with `source` and `explanation`. */
  async recommendations({ count = 10, filter, context, exclude, explain = true } = {}) {
    const q = new URLSearchParams({ count: String(count), explain: String(explain) });
    if (filter) q.set('filter', filter);
    if (exclude && exclude.length) q.set('exclude', exclude.join(','));
    if (context) q.set('context', Object.entries(context).map(([k, v]) => `${k}:${v}`).join(','));
    return check(await this.request('GET', `${this.userUrl(this.recommendUrl, '/recommendations')}?${q}`, undefined,
      { asUser: true }));
  }

  /** Items like this one, personal for the current user. */
  async similar(itemId, { count = 10 } = {}) {
    const q = new URLSearchParams({ count: String(count), userId: this.currentUser() });
    return check(await this.request('GET', `${this.recommendUrl}/v1/items/${encodeURIComponent(itemId)}/similar?${q}`,
      undefined, { asUser: true }));
  }

  /** Popular now, optionally in one category. */
  async trending({ count = 10, category } = {}) {
    const q = new URLSearchParams({ count: String(count) });
    if (category) q.set('category', category);
    return check(await this.request('GET', `${this.recommendUrl}/v1/trending?${q}`));
  }

  // The end-user's privacy centre: their own data only (the token names them).

  /** What Kindred understood about the current user: interests in words, their evidence, negatives. */
  async myInterests() {
    return check(await this.request('GET', this.userUrl(this.recommendUrl, '/profile'), undefined, { asUser: true }));
  }

  /** Mute, unmute or delete interests: `[{id, muted: true}, {id, deleted: true}]`. */
  async correctInterests(interests) {
    return check(await this.request('PATCH', this.userUrl(this.recommendUrl, '/profile'), { interests },
      { asUser: true }));
  }

  /** Everything Kindred holds about the current user (right of access), as one JSON document. */
  async exportMyData() {
    return check(await this.request('GET', this.userUrl(this.ingestUrl, '/export'), undefined, { asUser: true }));
  }

  /**
   * Right to be forgotten: the current user's data is erased (follow `statusUrl` on the control API
   * from your backend if you need to). The SDK then forgets the user and stops tracking.
   */
  async eraseMe() {
    const result = await check(await this.request('DELETE', this.userUrl(this.ingestUrl, ''), undefined,
      { asUser: true }));
    this.tracking = false;
    this.reset();
    return result;
  }

  /** What happened to tracked events so far. */
  stats() {
    return { ...this.counts, waiting: this.queue.length };
  }

  userUrl(base, suffix) {
    return `${base}/v1/users/${encodeURIComponent(this.currentUser())}${suffix}`;
  }

  /** The user's token, from the cache or (when missing or about to expire) from the callback. */
  async freshToken() {
    if (this.token && this.token.expiresAt - Date.now() > TOKEN_REFRESH_MS) {
      return this.token.value;
    }
    if (!this.tokenPending) {
      // One call to the tenant's backend however many requests wait for the token.
      this.tokenPending = Promise.resolve().then(() => this.tokenProvider()).then((value) => {
        if (typeof value !== 'string' || value.split('.').length !== 3) {
          throw new TypeError('userToken() must resolve to the JWT your backend signed');
        }
        this.token = { value, expiresAt: expiryOf(value) };
        return value;
      }).finally(() => { this.tokenPending = null; });
    }
    return this.tokenPending;
  }

  async request(method, url, body, { asUser = false } = {}) {
    const headers = { Authorization: `Bearer ${this.options.publishableKey}`, Accept: 'application/json' };
    if (asUser && this.userId && this.tokenProvider) {
      headers['X-Kindred-User-Token'] = await this.freshToken();
    }
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    return this.env.fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  }

  loadAnonymousId() {
    try {
      const stored = this.storage && this.storage.getItem(ANONYMOUS_ID_KEY);
      if (stored && /^anon-[A-Za-z0-9_-]{16,100}$/.test(stored)) return stored;
    } catch (e) {
      // storage blocked (private mode, sandbox): an id for this page only
    }
    return this.newAnonymousId();
  }

  newAnonymousId() {
    const id = `anon-${uuid(this.env)}`;
    try {
      if (this.storage) this.storage.setItem(ANONYMOUS_ID_KEY, id);
    } catch (e) {
      // not persisted: the visitor is new on the next page
    }
    return id;
  }
}

/** The plain-language reason of a served item, e.g. "Because you viewed 'Trail Runner X' — Running". */
export function explain(item) {
  return (item && item.explanation && item.explanation.sentence) || '';
}

/** The reason as safe HTML: the sentence escaped, the interest's words emphasised. */
export function explainHtml(item) {
  let html = escapeHtml(explain(item));
  const words = (item && item.explanation && item.explanation.words) || [];
  for (const w of words) {
    const e = escapeHtml(w);
    if (e) html = html.split(e).join(`<em>${e}</em>`);
  }
  return html;
}

export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

/** A failed answer becomes an Error with the problem details (status, title, detail, errors). */
async function check(response) {
  if (response.ok) {
    return response.status === 204 ? null : response.json();
  }
  let problem = {};
  try {
    problem = await response.json();
  } catch (e) {
    problem = {};
  }
  const error = new Error(`${response.status} ${problem.title || ''}${problem.detail ? ': ' + problem.detail : ''}`.trim());
  error.status = response.status;
  error.problem = problem;
  error.errors = problem.errors || [];
  throw error;
}

/** When a JWT expires (ms), read from its `exp` claim; unknown: treated as expiring now. */
function expiryOf(jwt) {
  try {
    const claims = JSON.parse(decodeBase64Url(jwt.split('.')[1]));
    return typeof claims.exp === 'number' ? claims.exp * 1000 : 0;
  } catch (e) {
    return 0;
  }
}

function decodeBase64Url(text) {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(text.length / 4) * 4, '=');
  return typeof atob === 'function' ? atob(b64) : Buffer.from(b64, 'base64').toString('binary');
}

function safeStorage(env) {
  try {
    return env.localStorage || null;
  } catch (e) {
    return null;
  }
}

function trim(url) {
  return url ? String(url).replace(/\/+$/, '') : url;
}

function uuid(env) {
  const c = env.crypto;
  if (c && typeof c.randomUUID === 'function') {
    return c.randomUUID();
  }
  const b = new Uint8Array(16);
  c.getRandomValues(b);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
