// Unit tests of the browser SDK in Node, with a scripted fetch and fake page: batching, retries,
// Retry-After, refusals, consent, the page-hide beacon, explanation helpers. The real services and
// a real Chromium are exercised by e2e-tests' JsSdkBrowserIT.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Kindred, explain, explainHtml } from '../src/kindred.js';

function fakeEnv(script = []) {
  const calls = [];
  const listeners = {};
  const env = {
    crypto: globalThis.crypto,
    calls,
    beacons: [],
    fetch: async (url, init) => {
      calls.push({ url, method: init.method, headers: init.headers, body: init.body && JSON.parse(init.body) });
      const next = script.shift() || { status: 200 };
      if (next.throws) throw new TypeError('network down');
      const body = next.body || { accepted: init.body ? JSON.parse(init.body).length : 0, duplicates: 0, rejected: 0 };
      return {
        status: next.status, ok: next.status >= 200 && next.status < 300,
        headers: { get: (h) => (next.headers || {})[h] ?? null },
        json: async () => body,
      };
    },
    navigator: { sendBeacon: (url, blob) => { env.beacons.push({ url, blob }); return true; } },
    document: {
      visibilityState: 'visible',
      addEventListener: (name, fn) => { listeners[name] = fn; },
      querySelector: () => null,
    },
    fire: (name) => listeners[name](),
  };
  return env;
}

const options = { ingestUrl: 'http://ingest/', recommendUrl: 'http://rec', ingestKey: 'kd_ing', serveKey: 'kd_srv', userId: 'u1' };

test('events go out in batches of batchSize with ids, user and time', async () => {
  const env = fakeEnv();
  const k = new Kindred({ ...options, batchSize: 3, flushIntervalMs: 60_000 }, env);
  for (let i = 0; i < 7; i++) assert.equal(k.view(`item-${i}`, { dwellMs: 1000 }), true);
  await k.flush();
  assert.deepEqual(env.calls.map((c) => c.body.length), [3, 3, 1]);
  const first = env.calls[0];
  assert.equal(first.url, 'http://ingest/v1/events');
  assert.equal(first.headers.Authorization, 'Bearer kd_ing');
  assert.equal(first.body[0].type, 'view');
  assert.equal(first.body[0].userId, 'u1');
  assert.match(first.body[0].eventId, /^[0-9a-f-]{36}$/);
  assert.equal(k.stats().accepted, 7);
});

test('a 503 and a 429 are retried with the same event ids; Retry-After is honoured', async () => {
  const env = fakeEnv([{ status: 503 }, { status: 429, headers: { 'Retry-After': '1' } }]);
  const k = new Kindred({ ...options, backoffMs: 1 }, env);
  k.purchase('sku-1', { quantity: 2, price: 9.5 });
  const start = Date.now();
  await k.flush();
  assert.ok(Date.now() - start >= 1000, 'waited as the 429 asked');
  assert.equal(env.calls.length, 3);
  assert.deepEqual(env.calls[0].body, env.calls[2].body);
  assert.deepEqual(k.stats(), { ...k.stats(), accepted: 1, retries: 2, failed: 0 });
});

test('refusals are counted and not retried; a dead network fails after maxAttempts', async () => {
  const env = fakeEnv([{ status: 207, body: { accepted: 1, duplicates: 0, rejected: 1 } }, { status: 400, body: { title: 'Bad Request' } },
    { throws: true }, { throws: true }]);
  const k = new Kindred({ ...options, batchSize: 2, maxAttempts: 2, backoffMs: 1 }, env);
  k.view('a'); k.view('b');
  await k.flush();
  k.rating('c', 99);
  await k.flush();
  k.search('tents');
  await k.flush();
  const s = k.stats();
  assert.equal(s.accepted, 1);
  assert.equal(s.rejected, 2);
  assert.equal(s.failed, 1);
  assert.equal(env.calls.length, 4);
});

test('withdrawn analytics consent stops tracking, drops the queue and tells the server', async () => {
  const env = fakeEnv([{ status: 200, body: {} }]);
  const k = new Kindred({ ...options, flushIntervalMs: 60_000 }, env);
  k.view('a');
  await k.setConsent({ personalization: false, analytics: false });
  assert.equal(env.calls[0].method, 'PUT');
  assert.equal(env.calls[0].url, 'http://ingest/v1/users/u1/consent');
  assert.deepEqual(env.calls[0].body, { personalization: false, analytics: false });
  assert.equal(k.view('b'), false);
  await k.flush();
  assert.equal(env.calls.length, 1, 'nothing tracked after the withdrawal');
  await assert.rejects(() => k.setConsent({ personalization: 'yes' }), TypeError);
});

test('hiding the page hands the queue to a beacon with the key in the query', async () => {
  const env = fakeEnv();
  const k = new Kindred({ ...options, flushIntervalMs: 60_000 }, env);
  k.click('x', { recommendationId: 'r-1' });
  env.document.visibilityState = 'hidden';
  env.fire('visibilitychange');
  assert.equal(env.beacons.length, 1);
  assert.equal(env.beacons[0].url, 'http://ingest/v1/events?key=kd_ing');
  assert.equal(env.beacons[0].blob.type, 'text/plain');
  const sent = JSON.parse(await env.beacons[0].blob.text());
  assert.equal(sent[0].recommendationId, 'r-1');
  assert.equal(k.stats().waiting, 0);
  assert.equal(env.calls.length, 0);
});

test('a full queue drops the new event; no user, no tracking', () => {
  const env = fakeEnv();
  const k = new Kindred({ ...options, userId: undefined, maxQueue: 2, batchSize: 10, flushIntervalMs: 60_000 }, env);
  assert.equal(k.view('a'), false);
  k.identify('u2');
  assert.equal(k.view('a'), true);
  assert.equal(k.view('b'), true);
  assert.equal(k.view('c'), false);
  assert.equal(k.stats().dropped, 1);
});

test('recommendations are fetched with the serve key; errors carry the problem details', async () => {
  const feed = { recommendationId: 'r', personalized: true, items: [{ itemId: 'i', title: 'T', score: 1, source: 'interest/1',
    explanation: { source: 'interest/1', words: ['Camping'], because: [], sentence: "Because you viewed '<Tent>' — Camping." } }] };
  const env = fakeEnv([{ status: 200, body: feed }, { status: 400, body: { title: 'Bad Request', errors: [{ field: 'count', detail: 'must be 1-100' }] } }]);
  const k = new Kindred(options, env);
  const got = await k.recommendations({ count: 5, filter: 'category:Outdoor', context: { daypart: 'evening' } });
  assert.equal(env.calls[0].url, 'http://rec/v1/users/u1/recommendations?count=5&explain=true&filter=category%3AOutdoor&context=daypart%3Aevening');
  assert.equal(env.calls[0].headers.Authorization, 'Bearer kd_srv');
  assert.equal(explain(got.items[0]), "Because you viewed '<Tent>' — Camping.");
  assert.equal(explainHtml(got.items[0]), 'Because you viewed &#39;&lt;Tent&gt;&#39; — <em>Camping</em>.');
  await assert.rejects(() => k.recommendations({ count: 500 }), (e) => e.status === 400 && e.errors[0].field === 'count');
});

test('init({endpoint, key}) uses one base URL and one key for everything', async () => {
  const env = fakeEnv([{ status: 200 }, { status: 200, body: { recommendationId: 'r', personalized: false, items: [] } }]);
  const k = new Kindred({ endpoint: 'https://api.example/', key: 'kd_one', userId: 'u' }, env);
  k.view('a');
  await k.flush();
  await k.recommendations();
  assert.deepEqual(env.calls.map((c) => [c.url.split('?')[0], c.headers.Authorization]), [
    ['https://api.example/v1/events', 'Bearer kd_one'], ['https://api.example/v1/users/u/recommendations', 'Bearer kd_one']]);
});
