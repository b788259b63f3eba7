// Kindred browser SDK: a dependency-free ES module. Tracks behaviour in batches (a beacon carries
// the last batch when the page is hidden), fetches recommendations with their reasons, and turns
// tracking off when the user withdraws consent. See README.md; types in kindred.d.ts.

const DEFAULTS = {
  batchSize: 20,
  flushIntervalMs: 2000,
  maxQueue: 1000,
  maxAttempts: 5,
  backoffMs: 250,
  autoPageView: false,
};

/** One client per page: `init({ingestUrl, recommendUrl, ingestKey, serveKey, userId})`. */
export function init(options) {
  return new Kindred(options, globalThis);
}

export class Kindred {
  constructor(options, env = globalThis) {
    if (!options || (!options.ingestUrl && !options.endpoint)) {
      throw new TypeError('kindred.init needs ingestUrl (or endpoint)');
    }
    // `key` serves both purposes when one key is given; Kindred's keys are scoped (ingest, serve),
    // so a page that tracks and reads passes ingestKey and serveKey.
    this.options = { ...DEFAULTS, ...options, ingestKey: options.ingestKey || options.key,
      serveKey: options.serveKey || options.key };
    this.ingestUrl = trim(options.ingestUrl || options.endpoint);
    this.recommendUrl = trim(options.recommendUrl || options.endpoint || options.ingestUrl);
    this.env = env;
    this.userId = options.userId || null;
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
    if (this.options.autoPageView && doc && typeof doc.querySelector === 'function') {
      const meta = doc.querySelector('meta[name="kindred:item"]');
      if (meta && meta.getAttribute('content') && this.userId) {
        this.view(meta.getAttribute('content'));
      }
    }
  }

  /** Who the events are about from now on (your user id; Kindred stores it pseudonymised server-side). */
  identify(userId) {
    this.userId = userId;
    return this;
  }

  /**
   * Queues an event of any type (`view`, `click`, `add_to_cart`, `purchase`, `rating`, `search`,
   * `review`, `feedback`); false when tracking is off, no user is identified, or the queue is full.
   */
  track(type, props = {}) {
    if (!this.tracking || !this.userId) {
      return false;
    }
    if (this.queue.length >= this.options.maxQueue) {
      this.counts.dropped++;
      return false;
    }
    const event = { eventId: uuid(this.env), type, userId: this.userId, occurredAt: new Date().toISOString() };
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
   * page; the key travels in the query, as beacons cannot carry headers); else fetch with retries.
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
        const url = `${this.ingestUrl}/v1/events?key=${encodeURIComponent(this.options.ingestKey)}`;
        const body = new Blob([JSON.stringify(batch)], { type: 'text/plain' });
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
    for (let attempt = 0; ; attempt++) {
      let response;
      try {
        response = await this.request('POST', `${this.ingestUrl}/v1/events`, this.options.ingestKey, batch);
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
      if (response && response.status === 400) {
        this.counts.rejected += batch.length;   // no entry valid: retrying cannot help
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
    const r = await this.request('PUT', `${this.ingestUrl}/v1/users/${encodeURIComponent(this.requireUser())}/consent`,
      this.options.ingestKey, { personalization, analytics });
    await check(r);
  }

  /** The identified user's home feed, each item with `source` and `explanation`. */
  async recommendations({ count = 10, filter, context, exclude, explain = true } = {}) {
    const q = new URLSearchParams({ count: String(count), explain: String(explain) });
    if (filter) q.set('filter', filter);
    if (exclude && exclude.length) q.set('exclude', exclude.join(','));
    if (context) q.set('context', Object.entries(context).map(([k, v]) => `${k}:${v}`).join(','));
    const url = `${this.recommendUrl}/v1/users/${encodeURIComponent(this.requireUser())}/recommendations?${q}`;
    return check(await this.request('GET', url, this.options.serveKey));
  }

  /** Items like this one, personal when a user is identified. */
  async similar(itemId, { count = 10 } = {}) {
    const q = new URLSearchParams({ count: String(count) });
    if (this.userId) q.set('userId', this.userId);
    return check(await this.request('GET', `${this.recommendUrl}/v1/items/${encodeURIComponent(itemId)}/similar?${q}`,
      this.options.serveKey));
  }

  /** What happened to tracked events so far. */
  stats() {
    return { ...this.counts, waiting: this.queue.length };
  }

  requireUser() {
    if (!this.userId) {
      throw new Error('no user identified: kindred.identify(userId) first');
    }
    return this.userId;
  }

  request(method, url, key, body) {
    const headers = { Authorization: `Bearer ${key}`, Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    return this.env.fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
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
