import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { bundle } from '../helpers/governance-fixtures.ts';
import { httpHarness, testAuth, type HttpHarness } from '../helpers/http-harness.ts';

/**
 * The console's session as an attacker would try it: a write riding on the
 * cookie without the CSRF token, a stale or signed-out cookie, a reader's
 * cookie on a writer's route, paths out of the asset directory.
 */
interface Session {
  cookie: string;
  csrf: string;
  setCookie: string;
  body: any;
}

async function signIn(url: string, body: Record<string, unknown>): Promise<Session> {
  const res = await fetch(`${url}/ui/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = (await res.json()) as any;
  assert.equal(res.status, 200, JSON.stringify(json));
  const setCookie = res.headers.get('set-cookie') ?? '';
  return { cookie: setCookie.split(';')[0], csrf: json.csrfToken, setCookie, body: json };
}

async function send(url: string, method: string, path: string, options: { cookie?: string; csrf?: string; body?: unknown; accept?: string } = {}) {
  const headers: Record<string, string> = {};
  if (options.cookie) headers.cookie = options.cookie;
  if (options.csrf) headers['x-csrf-token'] = options.csrf;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.accept) headers.accept = options.accept;
  const res = await fetch(`${url}${path}`, { method, headers, redirect: 'manual', body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  const text = await res.text();
  let parsed: any = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, headers: res.headers, body: parsed };
}

const crBody = { title: 't', reference: 'https://git.example/pr/1', ...bundle };

describe('console sessions with auth on', () => {
  let h: HttpHarness;
  before(async () => {
    h = await httpHarness({ auth: testAuth() });
  });
  after(() => h.close());

  it('a wrong password gets 401 and no cookie; the right one an HttpOnly, SameSite=Strict session cookie and a CSRF token', async () => {
    const wrong = await fetch(`${h.url}/ui/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: 'alice', password: 'nope' }) });
    assert.equal(wrong.status, 401);
    assert.equal(((await wrong.json()) as any).error_code, 40101);
    assert.equal(wrong.headers.get('set-cookie'), null);
    const s = await signIn(h.url, { user: 'alice', password: 'alice-secret' });
    assert.match(s.setCookie, /^schemagate_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=43200$/);
    assert.deepEqual([s.body.user, s.body.roles, s.body.authenticated], ['alice', ['author'], true]);
    assert.match(s.csrf, /^[A-Za-z0-9_-]{43}$/);
    const again = await send(h.url, 'GET', '/ui/api/session', { cookie: s.cookie });
    assert.deepEqual(again.body, { authEnabled: true, session: { user: 'alice', roles: ['author'], authenticated: true, csrfToken: s.csrf } });
    assert.deepEqual((await send(h.url, 'GET', '/ui/api/session')).body, { authEnabled: true, session: null });
  });

  it('a write on the cookie needs the CSRF token: without it or with another, 403 40303 and nothing is written', async () => {
    const s = await signIn(h.url, { user: 'alice', password: 'alice-secret' });
    const other = await signIn(h.url, { user: 'eve', password: 'eve-secret' });
    for (const csrf of [undefined, other.csrf, `${s.csrf}x`, '']) {
      const refused = await send(h.url, 'POST', '/governance/change-requests', { cookie: s.cookie, csrf, body: crBody });
      assert.equal(refused.status, 403, JSON.stringify(refused.body));
      assert.equal(refused.body.error_code, 40303);
    }
    assert.deepEqual((await h.call('root', 'GET', '/governance/change-requests')).body, [], 'no change request was created');
    const made = await send(h.url, 'POST', '/governance/change-requests', { cookie: s.cookie, csrf: s.csrf, body: crBody });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    assert.deepEqual(made.body.author, { user: 'alice', authenticated: true });
    // Reads need no token.
    assert.equal((await send(h.url, 'GET', '/subjects', { cookie: s.cookie })).status, 200);
  });

  it("the session's roles are the user's: a reader's cookie cannot register, and Basic credentials beside a cookie are checked as Basic", async () => {
    const rita = await signIn(h.url, { user: 'rita', password: 'rita-secret' });
    const schema = JSON.stringify({ schema: JSON.stringify({ type: 'string' }) });
    const refused = await fetch(`${h.url}/subjects/s1/versions`, { method: 'POST', headers: { cookie: rita.cookie, 'x-csrf-token': rita.csrf, 'content-type': 'application/json' }, body: schema });
    assert.equal(refused.status, 403);
    assert.equal(((await refused.json()) as any).error_code, 40301);
    const basic = await fetch(`${h.url}/subjects/s1/versions`, {
      method: 'POST',
      headers: { cookie: rita.cookie, authorization: `Basic ${Buffer.from('walt:walt-secret').toString('base64')}`, 'content-type': 'application/json' },
      body: schema,
    });
    assert.equal(basic.status, 200);
  });

  it('sign-out ends the session; an expired or idle session is gone', async () => {
    const s = await signIn(h.url, { user: 'bob', password: 'bob-secret' });
    assert.equal((await send(h.url, 'GET', '/ui/api/inbox', { cookie: s.cookie })).status, 200);
    const noToken = await send(h.url, 'DELETE', '/ui/api/session', { cookie: s.cookie });
    assert.equal(noToken.body.error_code, 40303, 'signing out is a write too');
    const out = await send(h.url, 'DELETE', '/ui/api/session', { cookie: s.cookie, csrf: s.csrf });
    assert.equal(out.status, 200);
    assert.match(out.headers.get('set-cookie') ?? '', /^schemagate_session=; Path=\/; HttpOnly; SameSite=Strict; Max-Age=0$/);
    assert.equal((await send(h.url, 'GET', '/ui/api/inbox', { cookie: s.cookie })).status, 401);

    const idle = await signIn(h.url, { user: 'bob', password: 'bob-secret' });
    h.clock.advance(2 * 3_600_000 + 1000);
    assert.equal((await send(h.url, 'GET', '/ui/api/inbox', { cookie: idle.cookie })).status, 401, 'idle for over two hours');
    const busy = await signIn(h.url, { user: 'bob', password: 'bob-secret' });
    for (let hour = 0; hour < 12; hour++) {
      h.clock.advance(3_600_000);
      const res = await send(h.url, 'GET', '/ui/api/inbox', { cookie: busy.cookie });
      assert.equal(res.status, hour < 11 ? 200 : 401, `after ${hour + 1} h`);
    }
  });

  it('the page, its assets and its sign-in are open; the views and the API are not', async () => {
    const page = await send(h.url, 'GET', '/ui/');
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'self'; script-src 'self' 'sha256-[A-Za-z0-9+/=]+'/);
    assert.match(page.body, /<script type="importmap">\{"imports":\{"preact":"\/ui\/vendor\/preact.mjs"/);
    const vendored = await send(h.url, 'GET', '/ui/vendor/preact.mjs');
    assert.equal(vendored.status, 200);
    assert.match(vendored.headers.get('content-type') ?? '', /^text\/javascript/);
    assert.equal((await send(h.url, 'GET', '/ui/api/inbox')).status, 401);
    assert.equal((await send(h.url, 'GET', '/subjects')).status, 401);
  });
});

describe('console sessions with auth off (loopback)', () => {
  let h: HttpHarness;
  before(async () => {
    h = await httpHarness();
  });
  after(() => h.close());

  it('the console acts as the user it names, labelled unauthenticated, and still needs the CSRF token to write', async () => {
    const s = await signIn(h.url, { user: 'kim' });
    assert.deepEqual([s.body.user, s.body.authenticated], ['kim', false]);
    const refused = await send(h.url, 'POST', '/governance/change-requests', { cookie: s.cookie, body: crBody });
    assert.equal(refused.body.error_code, 40303);
    const made = await send(h.url, 'POST', '/governance/change-requests', { cookie: s.cookie, csrf: s.csrf, body: crBody });
    assert.equal(made.status, 201);
    assert.deepEqual(made.body.author, { user: 'kim', authenticated: false });
    assert.equal((await send(h.url, 'GET', '/ui/api/inbox')).status, 401, 'the views need a session even with auth off');
    assert.equal((await signInStatus(h.url, { user: '  ' })), 400);
  });

  it('GET / answers {} to API clients, as Confluent does, and sends browsers to the console', async () => {
    const api = await send(h.url, 'GET', '/');
    assert.deepEqual([api.status, api.body], [200, {}]);
    const browser = await send(h.url, 'GET', '/', { accept: 'text/html,application/xhtml+xml' });
    assert.deepEqual([browser.status, browser.headers.get('location')], [302, '/ui/']);
  });

  it('only the shipped files are served: no path leaves the asset directory, and an unchanged file answers 304', async () => {
    for (const path of ['/ui/../package.json', '/ui/assets/..%2f..%2fpackage.json', '/ui/assets/%2e%2e/%2e%2e/package.json', '/ui/vendor/../../src/index.ts', '/ui/assets/', '/ui/index.html']) {
      const res = await send(h.url, 'GET', path);
      assert.equal(res.status, 404, `${path}: ${res.status}`);
    }
    const app = await fetch(`${h.url}/ui/assets/app.js`);
    const etag = app.headers.get('etag')!;
    assert.equal(app.status, 200);
    assert.equal((await fetch(`${h.url}/ui/assets/app.js`, { headers: { 'if-none-match': etag } })).status, 304);
  });
});

async function signInStatus(url: string, body: unknown): Promise<number> {
  return (await fetch(`${url}/ui/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).status;
}

describe('console session limits', () => {
  let h: HttpHarness;
  before(async () => {
    h = await httpHarness();
  });
  after(() => h.close());

  it("one user's sign-ins cannot crowd out the others': each user holds 20 sessions at most, and a browser signing in again ends its old one", async () => {
    const kept = await signIn(h.url, { user: 'ops' });
    const flood: Session[] = [];
    for (let i = 0; i < 60; i++) flood.push(await signIn(h.url, { user: 'mallory' }));
    assert.equal((await send(h.url, 'GET', '/ui/api/inbox', { cookie: kept.cookie })).status, 200, "another user's session survives");
    const alive = [];
    for (const s of flood) alive.push((await send(h.url, 'GET', '/ui/api/inbox', { cookie: s.cookie })).status === 200);
    assert.deepEqual([alive.filter(Boolean).length, alive.slice(-20).every(Boolean)], [20, true], 'the newest 20 of that user remain');
    // Signing in over a live session is a write made with its cookie: it needs its token too.
    const again = { method: 'POST', headers: { 'content-type': 'application/json', cookie: kept.cookie }, body: JSON.stringify({ user: 'ops' }) };
    assert.equal((await fetch(`${h.url}/ui/api/session`, again)).status, 403);
    assert.equal((await fetch(`${h.url}/ui/api/session`, { ...again, headers: { ...again.headers, 'x-csrf-token': kept.csrf } })).status, 200);
    assert.equal((await send(h.url, 'GET', '/ui/api/inbox', { cookie: kept.cookie })).status, 401, 'the old cookie is void after signing in again');
    assert.equal((await send(h.url, 'GET', '/ui/api/session', { cookie: kept.cookie })).headers.get('cache-control'), 'no-store');
  });
});
