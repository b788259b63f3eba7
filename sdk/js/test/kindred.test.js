// Unit tests of the browser SDK in Node, with a scripted fetch and fake page: batching, retries,
// Retry-After, refusals, consent, the page-hide beacon, explanation helpers, the publishable key with
// anonymous ids and user tokens, identify, the privacy centre. The real services and a real Chromium
// are exercised by e2e-tests' JsSdkBrowserIT.
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
      const sent = init.body ? JSON.parse(init.body) : null;
      const body = next.body || { accepted: Array.isArray(sent) ? sent.length : 0, duplicates: 0, rejected: 0 };
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
    localStorage: memoryStorage(),
  };
  return env;
}

function memoryStorage() {
  const m = new Map();
  return { getItem: (k) => (m.has(k) ? m.get(k) : null), setItem: (k, v) => m.set(k, String(v)) };
}

/** A JWT-shaped token expiring in `seconds` (the SDK reads exp, the server checks the signature). */
function token(sub, seconds = 600) {
  const part = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'HS256', kid: 'kd_utk_1' })}.${part({ sub, exp: Math.floor(Date.now() / 1000) + seconds })}.sig`;
}

let tokensIssued = 0;
const userToken = async () => { tokensIssued++; return token('u1'); };
const options = { ingestUrl: 'http://ingest/', recommendUrl: 'http://rec', publishableKey: 'kd_pub_1.s', userId: 'u1', userToken };

test('events go out in batches of batchSize with ids, user and time', async () => {
  const env = fakeEnv();
  const k = new Kindred({ ...options, batchSize: 3, flushIntervalMs: 60_000 }, env);
  for (let i = 0; i < 7; i++) assert.equal(k.view(`item-${i}`, { dwellMs: 1000 }), true);
  await k.flush();
  assert.deepEqual(env.calls.map((c) => c.body.length), [3, 3, 1]);
  const first = env.calls[0];
  assert.equal(first.url, 'http://ingest/v1/events');
  assert.equal(first.headers.Authorization, 'Bearer kd_pub_1.s');
  const claims = JSON.parse(Buffer.from(first.headers['X-Kindred-User-Token'].split('.')[1], 'base64url').toString());
  assert.equal(claims.sub, 'u1', 'a logged-in user\'s events carry their token');
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

test('hiding the page hands the queue to a beacon: the publishable key in the query, the token in the body', async () => {
  const env = fakeEnv();
  const k = new Kindred({ ...options, flushIntervalMs: 60_000 }, env);
  await k.freshToken();
  k.click('x', { recommendationId: 'r-1' });
  env.document.visibilityState = 'hidden';
  env.fire('visibilitychange');
  assert.equal(env.beacons.length, 1);
  assert.equal(env.beacons[0].url, 'http://ingest/v1/events?key=kd_pub_1.s');
  assert.equal(env.beacons[0].blob.type, 'text/plain');
  const sent = JSON.parse(await env.beacons[0].blob.text());
  assert.equal(sent.events[0].recommendationId, 'r-1');
  assert.equal(sent.userToken.split('.').length, 3);
  assert.equal(env.beacons[0].url.includes(sent.userToken), false, 'no token in the URL');
  assert.equal(k.stats().waiting, 0);
  assert.equal(env.calls.length, 0);
});

test('a full queue drops the new event', () => {
  const env = fakeEnv();
  const k = new Kindred({ ...options, maxQueue: 2, batchSize: 10, flushIntervalMs: 60_000 }, env);
  assert.equal(k.view('a'), true);
  assert.equal(k.view('b'), true);
  assert.equal(k.view('c'), false);
  assert.equal(k.stats().dropped, 1);
});

test('only a publishable key is accepted: secret keys never reach a page', () => {
  for (const bad of [undefined, 'kd_ing_1.s', 'kd_srv_1.s']) {
    assert.throws(() => new Kindred({ ingestUrl: 'http://ingest', publishableKey: bad }, fakeEnv()), /publishableKey/);
  }
  assert.throws(() => new Kindred({ ...options, userToken: undefined }, fakeEnv()), /userToken/);
});

test('an anonymous visitor gets a lasting anonymous id and sends no token', async () => {
  const env = fakeEnv([{ status: 200 }, { status: 200, body: { recommendationId: 'r', personalized: false, items: [] } }]);
  const k = new Kindred({ ...options, userId: undefined, userToken: undefined }, env);
  assert.match(k.currentUser(), /^anon-[0-9a-f-]{36}$/);
  assert.equal(new Kindred({ ...options, userId: undefined }, env).currentUser(), k.currentUser(), 'same device, same id');
  k.view('a');
  await k.flush();
  await k.recommendations();
  assert.equal(env.calls[0].body[0].userId, k.currentUser());
  assert.equal(env.calls[0].headers['X-Kindred-User-Token'], undefined);
  assert.equal(env.calls[1].url.startsWith(`http://rec/v1/users/${k.currentUser()}/recommendations?`), true);
});

test('identify flushes the visitor\'s events, merges them into the user with the user\'s token, then acts as the user', async () => {
  const env = fakeEnv([{ status: 200 }, { status: 200, body: { userId: 'u1', merged: 1, duplicates: 0 } }, { status: 200 }]);
  const k = new Kindred({ ...options, userId: undefined, flushIntervalMs: 60_000 }, env);
  const visitor = k.currentUser();
  k.view('a');
  const merged = await k.identify('u1');
  assert.equal(merged.merged, 1);
  assert.equal(env.calls[0].body[0].userId, visitor);
  assert.equal(env.calls[1].url, 'http://ingest/v1/users/u1/identify');
  assert.deepEqual(env.calls[1].body, { anonymousId: visitor });
  assert.equal(env.calls[1].headers['X-Kindred-User-Token'].split('.').length, 3);
  k.view('b');
  await k.flush();
  assert.equal(env.calls[2].body[0].userId, 'u1');
  assert.notEqual(k.anonymousId, visitor, 'the merged visitor id is not used again');
  k.reset();
  assert.equal(k.currentUser(), k.anonymousId);
});

test('a token is reused until shortly before it expires; a 401 fetches a fresh one once', async () => {
  const env = fakeEnv([{ status: 200 }, { status: 401, body: { title: 'Unauthorized' } }, { status: 200 }]);
  const before = tokensIssued;
  const k = new Kindred({ ...options, flushIntervalMs: 60_000 }, env);
  k.view('a');
  await k.flush();
  k.view('b');
  await k.flush();
  assert.equal(env.calls.length, 3);
  assert.equal(tokensIssued - before, 2, 'one token for both sends, one more after the 401');
  assert.equal(k.stats().accepted, 2);
  let short = 0;
  const k2 = new Kindred({ ...options, userToken: async () => { short++; return token('u1', 30); } }, fakeEnv());
  await k2.freshToken();
  await k2.freshToken();
  assert.equal(short >= 2, true, 'a token about to expire is fetched again');
});

test('the privacy centre calls the user\'s own resources with their token', async () => {
  const env = fakeEnv([{ status: 200, body: { interests: [] } }, { status: 200, body: { interests: [] } },
    { status: 200, body: { events: [] } }, { status: 202, body: { requestId: 'r', status: 'PENDING' } }]);
  const k = new Kindred(options, env);
  await k.myInterests();
  await k.correctInterests([{ id: 3, muted: true }]);
  await k.exportMyData();
  const erased = await k.eraseMe();
  assert.deepEqual(env.calls.map((c) => `${c.method} ${c.url}`), ['GET http://rec/v1/users/u1/profile',
    'PATCH http://rec/v1/users/u1/profile', 'GET http://ingest/v1/users/u1/export', 'DELETE http://ingest/v1/users/u1']);
  assert.ok(env.calls.every((c) => c.headers['X-Kindred-User-Token']));
  assert.equal(erased.status, 'PENDING');
  assert.equal(k.userId, null);
  assert.equal(k.view('x'), false, 'no tracking after erasure');
});

test('recommendations are fetched with the publishable key and the user token; errors carry the problem details', async () => {
  const feed = { recommendationId: 'r', personalized: true, items: [{ itemId: 'i', title: 'T', score: 1, source: 'interest/1',
    explanation: { source: 'interest/1', words: ['Camping'], because: [], sentence: "Because you viewed '<Tent>' — Camping." } }] };
  const env = fakeEnv([{ status: 200, body: feed }, { status: 400, body: { title: 'Bad Request', errors: [{ field: 'count', detail: 'must be 1-100' }] } }]);
  const k = new Kindred(options, env);
  const got = await k.recommendations({ count: 5, filter: 'category:Outdoor', context: { daypart: 'evening' } });
  assert.equal(env.calls[0].url, 'http://rec/v1/users/u1/recommendations?count=5&explain=true&filter=category%3AOutdoor&context=daypart%3Aevening');
  assert.equal(env.calls[0].headers.Authorization, 'Bearer kd_pub_1.s');
  assert.ok(env.calls[0].headers['X-Kindred-User-Token']);
  assert.equal(explain(got.items[0]), "Because you viewed '<Tent>' — Camping.");
  assert.equal(explainHtml(got.items[0]), 'Because you viewed &#39;&lt;Tent&gt;&#39; — <em>Camping</em>.');
  await assert.rejects(() => k.recommendations({ count: 500 }), (e) => e.status === 400 && e.errors[0].field === 'count');
});

test('init({endpoint}) uses one base URL for everything', async () => {
  const env = fakeEnv([{ status: 200 }, { status: 200, body: { recommendationId: 'r', personalized: false, items: [] } }]);
  const k = new Kindred({ endpoint: 'https://api.example/', publishableKey: 'kd_pub_one.s', userId: 'u', userToken }, env);
  k.view('a');
  await k.flush();
  await k.recommendations();
  assert.deepEqual(env.calls.map((c) => [c.url.split('?')[0], c.headers.Authorization]), [
    ['https://api.example/v1/events', 'Bearer kd_pub_one.s'], ['https://api.example/v1/users/u/recommendations', 'Bearer kd_pub_one.s']]);
});
