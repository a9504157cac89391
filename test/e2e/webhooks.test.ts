import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { verifySignature } from '../../src/notifications/webhook-signature.ts';
import { startServer, tempDir, type RunningServer } from '../helpers/start-server.ts';

/**
 * Webhooks end to end: the real `serve` process with two webhooks (JSON
 * and Slack) on a receiver on loopback. The receiver is down for part of
 * the run and the server is restarted meanwhile; every event still arrives
 * once per webhook, signed, in order.
 */
const JSON_SECRET = 'json-hook-secret-0123456789abcdef';
const SLACK_SECRET = 'slack-hook-secret-0123456789abcdef';
const headers = { 'content-type': 'application/vnd.schemaregistry.v1+json' };

interface Received {
  hook: string;
  delivery: string;
  type: string;
  timestamp: string;
  signature: string;
  body: string;
}

/** A webhook receiver on a fixed loopback port, which the test takes down and brings back. */
class Receiver {
  readonly received: Received[] = [];
  private server?: Server;
  port = 0;

  async up(): Promise<void> {
    this.server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        this.received.push({
          hook: req.url!.slice(1),
          delivery: String(req.headers['x-schemagate-delivery']),
          type: String(req.headers['x-schemagate-event']),
          timestamp: String(req.headers['x-schemagate-timestamp']),
          signature: String(req.headers['x-schemagate-signature']),
          body,
        });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((done, fail) => this.server!.once('error', fail).listen(this.port, '127.0.0.1', () => done()));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((done) => server.close(() => done()));
  }

  of(hook: string): Received[] {
    return this.received.filter((r) => r.hook === hook);
  }
}

const receiver = new Receiver();
let server: RunningServer | undefined;
after(async () => {
  await server?.stop();
  await receiver.down();
});

async function call(method: string, path: string, body?: unknown) {
  const res = await fetch(`${server!.url}${path}`, { method, headers, ...(body !== undefined && { body: JSON.stringify(body) }) });
  const text = await res.text();
  return { status: res.status, text, body: text.startsWith('{') || text.startsWith('[') ? (JSON.parse(text) as any) : undefined };
}

async function ok(method: string, path: string, body?: unknown) {
  const res = await call(method, path, body);
  assert.ok(res.status === 200 || res.status === 201, `${method} ${path}: ${res.status} ${res.text}`);
  return res.body;
}

/** Polls until `done` holds, or fails with what it last saw. */
async function until(what: string, done: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms; received ${JSON.stringify(receiver.received.map((r) => `${r.hook}:${r.delivery}`))}\n${server?.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const avro = (name: string, fields: Array<{ name: string; type: string; default?: unknown }>) => JSON.stringify({ type: 'record', name, namespace: 'com.acme', fields });
const priceV1 = avro('Price', [{ name: 'amount', type: 'double' }]);
const priceBroken = avro('Price', [{ name: 'amount', type: 'string' }]);
const priceV2 = avro('Price', [{ name: 'amount', type: 'double' }, { name: 'currency', type: 'string', default: 'EUR' }]);
const ticksV1 = avro('Tick', [{ name: 'bid', type: 'double' }]);
const ticksV2 = avro('Tick', [{ name: 'bid', type: 'double' }, { name: 'ask', type: 'double', default: 0 }]);
const ticksBroken = avro('Tick', [{ name: 'bid', type: 'string' }]);

/** Dry-run, both approvals: a CR ready to apply. */
async function approve(id: number): Promise<void> {
  const path = `/governance/change-requests/${id}`;
  assert.equal((await ok('POST', `${path}/dry-run`, { user: 'alice' })).state, 'dry-run-passed');
  await ok('POST', `${path}/approvals`, { user: 'bob', role: 'data-platform', notes: 'ok' });
  assert.equal((await ok('POST', `${path}/approvals`, { user: 'carol', role: 'strategy-owner', notes: 'ok' })).state, 'approved');
}

it('delivers every governance event once per webhook, signed and in order, across a receiver outage and a server restart', async () => {
  await receiver.up();
  const dataDir = tempDir();
  const config = join(dataDir, 'schemagate.yaml');
  writeFileSync(
    config,
    [
      'notifications:',
      '  consoleUrl: http://console.example',
      '  webhooks:',
      `    - { name: json-hook, url: "http://127.0.0.1:${receiver.port}/json-hook", secretEnv: JSON_HOOK_SECRET }`,
      `    - { name: slack-hook, url: "http://127.0.0.1:${receiver.port}/slack-hook", secret: "${SLACK_SECRET}", format: slack }`,
      '  retry: { initialDelay: 100ms, maxDelay: 400ms, maxAttempts: 1000 }',
      '  timeout: 2s',
    ].join('\n'),
  );
  const start = () => startServer({ dataDir, args: ['--config', config], env: { JSON_HOOK_SECRET: JSON_SECRET }, timeTravel: true });
  const delivered = (hook: string) => new Set(receiver.of(hook).map((r) => r.delivery)).size;

  // First server: CR 1 fails its dry-run, is fixed, passes.
  server = await start();
  await ok('POST', '/subjects/price/versions', { schema: priceV1 });
  await ok('POST', '/subjects/ticks/versions', { schema: ticksV1 });
  const cr1 = (await ok('POST', '/governance/change-requests', { user: 'alice', title: 'price <v2>', reference: 'https://git.example/pr/1', schemas: [{ subject: 'price', schema: priceBroken }] })).id;
  assert.equal((await ok('POST', `/governance/change-requests/${cr1}/dry-run`, { user: 'alice' })).state, 'draft');
  await ok('PUT', `/governance/change-requests/${cr1}/schemas`, { user: 'alice', schemas: [{ subject: 'price', schema: priceV2 }] });
  assert.equal((await ok('POST', `/governance/change-requests/${cr1}/dry-run`, { user: 'alice' })).state, 'dry-run-passed');
  await until('the first events reach both webhooks', () => delivered('json-hook') === 3 && delivered('slack-hook') === 3);

  // The receiver goes down: CR 1 is approved, CR 2 opened and rejected, and the server is restarted.
  await receiver.down();
  await ok('POST', `/governance/change-requests/${cr1}/approvals`, { user: 'bob', role: 'data-platform', notes: 'ok' });
  await ok('POST', `/governance/change-requests/${cr1}/approvals`, { user: 'carol', role: 'strategy-owner', notes: 'ok' });
  const cr2 = (await ok('POST', '/governance/change-requests', { user: 'eve', title: 'orders', reference: 'https://git.example/pr/2', schemas: [{ subject: 'orders', schema: ticksV1 }] })).id;
  await ok('POST', `/governance/change-requests/${cr2}/reject`, { user: 'carol', notes: 'not this quarter' });
  await until('failed attempts are recorded', async () => (await call('GET', '/governance/notifications/deliveries?state=pending')).body.deliveries.some((d: { attempts: number }) => d.attempts > 0));
  assert.equal(await server.stop(), 0);
  server = await start();
  await receiver.up();
  await until('what was raised while the receiver was down arrives', () => delivered('json-hook') === 7 && delivered('slack-hook') === 7);

  // Second server: CR 3 on ticks and CR 1 applied; a failure in CR 3's window; two days later CR 1 is promotable and promoted, CR 3 failed.
  const cr3 = (await ok('POST', '/governance/change-requests', { user: 'alice', title: 'ticks ask', reference: 'https://git.example/pr/3', schemas: [{ subject: 'ticks', schema: ticksV2 }] })).id;
  await approve(cr3);
  await ok('POST', `/governance/change-requests/${cr3}/apply`, { user: 'alice' });
  await ok('POST', `/governance/change-requests/${cr1}/apply`, { user: 'alice' });
  assert.equal((await ok('POST', '/subjects/ticks/versions', { schema: ticksBroken })).schemaCompatId, 'ticks@2', 'canary mode registers the incompatible schema');
  await until('the canary failure is announced', () => receiver.of('json-hook').some((r) => r.type === 'canary.failure'));
  server.timeTravel();
  await until('the clean window is announced', () => receiver.of('json-hook').some((r) => r.type === 'change-request.promotable'));
  await ok('POST', `/governance/change-requests/${cr1}/promote`, { user: 'bob' });
  await ok('POST', `/governance/change-requests/${cr3}/fail`, { user: 'bob', notes: 'ticks broke a consumer' });

  const expected = [
    [cr1, 'change-request.created'],
    [cr1, 'change-request.dry-run-failed'],
    [cr1, 'change-request.awaiting-approval'],
    [cr1, 'change-request.awaiting-approval'],
    [cr1, 'change-request.approved'],
    [cr2, 'change-request.created'],
    [cr2, 'change-request.rejected'],
    [cr3, 'change-request.created'],
    [cr3, 'change-request.awaiting-approval'],
    [cr3, 'change-request.awaiting-approval'],
    [cr3, 'change-request.approved'],
    [cr3, 'change-request.applied'],
    [cr1, 'change-request.applied'],
    [cr3, 'canary.failure'],
    [cr1, 'change-request.promotable'],
    [cr1, 'change-request.promoted'],
    [cr3, 'change-request.canary-failed'],
  ];
  await until('every event reaches both webhooks', () => delivered('json-hook') === expected.length && delivered('slack-hook') === expected.length);
  await new Promise((r) => setTimeout(r, 500)); // a duplicate would arrive now

  const json = receiver.of('json-hook');
  const slack = receiver.of('slack-hook');
  assert.equal(json.length, expected.length, 'each event once, no duplicates');
  assert.equal(slack.length, expected.length, 'each event once, no duplicates');
  for (const r of json) assert.ok(verifySignature(JSON_SECRET, r.timestamp, r.body, r.signature), `signature of ${r.delivery}`);
  for (const r of slack) assert.ok(verifySignature(SLACK_SECRET, r.timestamp, r.body, r.signature), `signature of ${r.delivery}`);
  assert.equal(verifySignature(SLACK_SECRET, json[0].timestamp, json[0].body, json[0].signature), false, 'a wrong secret fails verification');

  const bodies = json.map((r) => JSON.parse(r.body));
  assert.deepEqual(bodies.map((b) => [b.changeRequest.id, b.type]), expected, 'in seq order, as they happened');
  assert.deepEqual(bodies.map((b) => b.seq), [...bodies.map((b) => b.seq)].sort((a, b) => a - b));
  assert.deepEqual(slack.map((r) => r.delivery), json.map((r) => r.delivery), 'the Slack webhook got the same events in the same order');
  assert.deepEqual(json.map((r) => r.type), bodies.map((b) => b.type));
  assert.deepEqual(bodies[1].blockers.length > 0, true);
  assert.deepEqual(bodies[3].missingApprovals, ['strategy-owner']);
  assert.deepEqual([bodies[13].subject, bodies[13].failure.version], ['ticks', 3]);
  assert.equal(bodies[15].auditSeq, 1);
  assert.equal(
    JSON.parse(slack[6].body).text,
    `Change request #${cr2} “orders” rejected by carol: not this quarter\n<http://console.example/ui/#/change-requests/${cr2}|Open in the console>`,
  );
  assert.match(JSON.parse(slack[0].body).text, /^Change request #1 “price &lt;v2&gt;” opened by alice \(price\)\n/);

  // The console's feed holds the same events, newest first.
  const feed = (await call('GET', '/governance/notifications?limit=100')).body.events;
  assert.deepEqual(feed.map((e: { id: string }) => e.id).reverse(), json.map((r) => r.delivery));
  const dead = (await call('GET', '/governance/notifications/deliveries?state=dead')).body.deliveries;
  assert.deepEqual(dead, []);
});
