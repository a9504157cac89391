import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { NotificationEvent } from '../core/governance/notification-events.ts';
import { retryDelayMs } from './retry-delay.ts';
import { attemptDelivery } from './webhook-delivery.ts';
import { signDelivery, verifySignature } from './webhook-signature.ts';

const SECRET = 'a-webhook-secret-of-some-length';
const event: NotificationEvent = {
  seq: 4,
  key: 'change-request:3:0',
  type: 'change-request.created',
  at: '2026-05-01T00:00:00.000Z',
  changeRequestId: 3,
  actor: { user: 'alice', authenticated: true },
  payload: { changeRequest: { id: 3, title: 'orders v2', reference: 'r', state: 'draft', author: 'alice', bundleSha: 'f'.repeat(64) }, subjects: ['orders'] },
};
const webhook = (url: string, format: 'json' | 'slack' = 'json') => ({ id: 'h', url, events: [], secret: SECRET, format });

describe('the webhook signature', () => {
  it('verifies the exact bytes and timestamp signed with the secret, and nothing else', () => {
    const body = '{"id":"x"}';
    const header = signDelivery(SECRET, 1760000000, body);
    assert.match(header, /^sha256=[0-9a-f]{64}$/);
    assert.equal(verifySignature(SECRET, '1760000000', body, header), true);
    assert.equal(verifySignature('another-secret-entirely', '1760000000', body, header), false, 'a wrong secret fails');
    assert.equal(verifySignature(SECRET, '1760000001', body, header), false, 'the timestamp is signed');
    assert.equal(verifySignature(SECRET, '1760000000', '{"id": "x"}', header), false, 'the body is signed as bytes');
    assert.equal(verifySignature(SECRET, '1760000000', body, undefined), false);
    assert.equal(verifySignature(SECRET, '1760000000', body, 'sha256=zz'), false);
  });

  it('is what the snippet docs/notifications.md gives receivers checks', () => {
    const doc = readFileSync(new URL('../../docs/notifications.md', import.meta.url), 'utf8');
    const snippet = /```js\n([\s\S]*?)```/.exec(doc)![1].replace(/^import .*$/m, '');
    const verify = new Function('createHmac', 'timingSafeEqual', `${snippet}; return verifySchemagate;`)(createHmac, timingSafeEqual);
    const now = String(Math.floor(Date.now() / 1000));
    const body = '{"id":"change-request:1:0"}';
    assert.equal(verify(SECRET, now, body, signDelivery(SECRET, now, body)), true);
    assert.equal(verify('another-secret-entirely', now, body, signDelivery(SECRET, now, body)), false);
    assert.equal(verify(SECRET, '1000000000', body, signDelivery(SECRET, '1000000000', body)), false, 'an old timestamp is refused');
  });
});

describe('the retry delay', () => {
  const retry = { initialDelayMs: 1000, maxDelayMs: 60_000, maxAttempts: 5 };
  it('doubles from the initial delay up to the maximum, jittered in its upper half, and gives up after maxAttempts', () => {
    assert.deepEqual([1, 2, 3].map((n) => retryDelayMs(n, retry, () => 1)), [1000, 2000, 4000]);
    assert.deepEqual([1, 2, 3].map((n) => retryDelayMs(n, retry, () => 0)), [500, 1000, 2000]);
    assert.equal(retryDelayMs(4, { ...retry, maxDelayMs: 5000 }, () => 1), 5000);
    assert.equal(retryDelayMs(5, retry), null);
  });
});

describe('one delivery attempt', () => {
  let server: Server;
  let url: string;
  const seen: Array<{ req: IncomingMessage; body: string }> = [];
  let answer: (res: import('node:http').ServerResponse) => void = (res) => res.end();
  before(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push({ req, body });
        answer(res);
      });
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });
  after(() => {
    server.closeAllConnections();
    return new Promise<void>((done) => server.close(() => done()));
  });
  const options = { now: new Date('2026-05-01T00:00:10.000Z'), timeoutMs: 2000, userAgent: 'schemagate/test' };

  it('POSTs the event signed, with headers a receiver dedupes and verifies by', async () => {
    assert.deepEqual(await attemptDelivery(webhook(url), event, options), { ok: true });
    const { req, body } = seen.at(-1)!;
    assert.equal(req.headers['x-schemagate-event'], 'change-request.created');
    assert.equal(req.headers['x-schemagate-delivery'], 'change-request:3:0');
    assert.equal(req.headers['x-schemagate-timestamp'], '1777593610');
    assert.equal(req.headers['user-agent'], 'schemagate/test');
    assert.equal(req.headers['content-type'], 'application/json');
    assert.equal(verifySignature(SECRET, String(req.headers['x-schemagate-timestamp']), body, req.headers['x-schemagate-signature'] as string), true);
    const parsed = JSON.parse(body);
    assert.deepEqual([parsed.id, parsed.seq, parsed.type, parsed.changeRequest.title, parsed.subjects], ['change-request:3:0', 4, 'change-request.created', 'orders v2', ['orders']]);
  });

  it('sends Slack its text', async () => {
    await attemptDelivery(webhook(url, 'slack'), event, { ...options, consoleUrl: 'https://r.example' });
    assert.deepEqual(JSON.parse(seen.at(-1)!.body), { text: 'Change request #3 “orders v2” opened by alice (orders)\n<https://r.example/ui/#/change-requests/3|Open in the console>' });
  });

  it('fails on anything but 2xx, a redirect included, and on no answer in time', async () => {
    answer = (res) => res.writeHead(503).end('busy');
    assert.deepEqual(await attemptDelivery(webhook(url), event, options), { ok: false, error: 'HTTP 503' });
    answer = (res) => res.writeHead(302, { location: 'http://127.0.0.1:9/elsewhere' }).end();
    assert.deepEqual(await attemptDelivery(webhook(url), event, options), { ok: false, error: 'HTTP 302' });
    answer = (res) => res.writeHead(200).end('x'.repeat(1024 * 1024));
    assert.deepEqual(await attemptDelivery(webhook(url), event, options), { ok: true }, 'a large answer is read only in part');
    answer = () => {};
    assert.deepEqual(await attemptDelivery(webhook(url), event, { ...options, timeoutMs: 200 }), { ok: false, error: 'no answer within 200 ms' });
    answer = (res) => res.end();
    const spare = createServer();
    await new Promise<void>((done) => spare.listen(0, '127.0.0.1', done));
    const port = (spare.address() as AddressInfo).port;
    await new Promise<void>((done) => spare.close(() => done()));
    const closed = await attemptDelivery(webhook(`http://127.0.0.1:${port}/none`), event, options);
    assert.deepEqual(closed, { ok: false, error: 'ECONNREFUSED' });
  });
});
