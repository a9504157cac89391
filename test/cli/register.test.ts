import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { cli, closedObject, registerJson, workspace } from '../helpers/cli.ts';
import { startServer, type RunningServer } from '../helpers/start-server.ts';

/** `schemagate register` against a real `schemagate serve` (auth off). */
let server: RunningServer;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server.stop();
});

const get = async (path: string) => (await fetch(`${server.url}${path}`)).json() as Promise<any>;

describe('schemagate register', () => {
  it('registers referenced files first, pins the reference to the version it got, and says unchanged the second time', async () => {
    // Named so that the referrer sorts first: the order must come from the reference, not the file names.
    const dir = workspace({
      'schemas/reg-a-order.schema.json': { type: 'object', properties: { total: { $ref: 'https://x.example/reg-price.schema.json' } } },
      'schemas/reg-price.schema.json': { $id: 'https://x.example/reg-price.schema.json', type: 'object', properties: { amount: { type: 'number' } } },
    });
    // The price subject has a version already, so "latest" and "the version the bundle gives it" differ in number.
    await registerJson(server.url, 'reg-price', { $id: 'https://x.example/reg-price.schema.json', type: 'object', description: 'v1', properties: { amount: { type: 'number' } } });
    const first = cli(['register', 'schemas', '--registry', server.url], { cwd: dir });
    assert.equal(first.status, 0, first.stdout + first.stderr);
    const lines = first.stdout.trim().split('\n');
    assert.match(lines[0], /^✓ reg-price \(schemas\/reg-price\.schema\.json\): registered as version 2, id \d+, reg-price@\d+$/);
    assert.match(lines[1], /^✓ reg-a-order \(schemas\/reg-a-order\.schema\.json\): registered as version 1, id \d+, reg-a-order@1$/);
    assert.equal(lines[2], '2 registered, 0 unchanged');
    const order = await get('/subjects/reg-a-order/versions/1');
    assert.deepEqual(order.references, [{ name: 'https://x.example/reg-price.schema.json', subject: 'reg-price', version: 2 }]);

    const again = cli(['register', 'schemas', '--registry', server.url, '--json'], { cwd: dir });
    assert.equal(again.status, 0, again.stderr);
    assert.deepEqual(
      again.json.subjects.map((s: { subject: string; outcome: string; version: number }) => [s.subject, s.outcome, s.version]),
      [
        ['reg-price', 'unchanged', 2],
        ['reg-a-order', 'unchanged', 1],
      ],
    );
    assert.equal(again.json.exitCode, 0);
    assert.match(cli(['register', 'schemas', '--registry', server.url], { cwd: dir }).stdout, /^= reg-price \(schemas\/reg-price\.schema\.json\): already registered as version 2/m);
  });

  it('canary registers an incompatible schema with a warning (exit 1); --mode strict refuses it with rule ids (exit 2) and sends nothing after', async () => {
    await registerJson(server.url, 'reg-fills', closedObject({ id: { type: 'string' }, qty: { type: 'integer' } }));
    const dir = workspace({ 'reg-fills.schema.json': closedObject({ id: { type: 'string' } }) });
    const strict = cli(['register', 'reg-fills.schema.json', '--mode', 'strict', '--registry', server.url], { cwd: dir });
    assert.equal(strict.status, 2, strict.stdout + strict.stderr);
    assert.match(strict.stdout, /^✗ reg-fills \(reg-fills\.schema\.json\): refused: Schema being registered is incompatible .* \(error 409\)$/m);
    assert.match(strict.stdout, /^ {4}PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL at #\/properties\/qty \(vs version 1\): /m);
    assert.deepEqual(await get('/subjects/reg-fills/versions'), [1]);

    const canary = cli(['register', 'reg-fills.schema.json', '--registry', server.url], { cwd: dir });
    assert.equal(canary.status, 1, canary.stdout + canary.stderr);
    assert.match(canary.stdout, /^! reg-fills \(reg-fills\.schema\.json\): registered as version 2, id \d+, reg-fills@2, although INCOMPATIBLE under BACKWARD with version 1 \(canary: recorded as a validation failure\)$/m);
    assert.match(canary.stdout, /^ {4}PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL at #\/properties\/qty \(vs version 1\): /m);
  });

  it('stops at the first refusal: what depends on it is not sent', async () => {
    await registerJson(server.url, 'reg-base', closedObject({ a: { type: 'string' }, b: { type: 'string' } }));
    const dir = workspace({
      'reg-base.schema.json': { $id: 'https://x.example/reg-base.schema.json', ...closedObject({ a: { type: 'string' } }) },
      'reg-user.schema.json': { type: 'object', properties: { base: { $ref: 'https://x.example/reg-base.schema.json' } } },
    });
    const run = cli(['register', '.', '--mode', 'strict', '--json', '--registry', server.url], { cwd: dir });
    assert.equal(run.status, 2, run.stderr);
    assert.deepEqual(run.json.subjects.map((s: { subject: string; outcome: string }) => [s.subject, s.outcome]), [
      ['reg-base', 'refused'],
      ['reg-user', 'skipped'],
    ]);
    assert.equal(run.json.subjects[0].report.breakingChanges[0].ruleId, 'PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL');
    assert.equal((await fetch(`${server.url}/subjects/reg-user/versions`)).status, 404);
  });

  it('registers nothing when a file is invalid', async () => {
    const dir = workspace({ 'reg-ok.schema.json': { type: 'object' }, 'reg-bad.schema.json': { type: 'objekt' } });
    const run = cli(['register', '.', '--registry', server.url], { cwd: dir });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /^schemagate: nothing registered: reg-bad\.schema\.json \(subject 'reg-bad'\): .*#\/type/);
    assert.equal((await fetch(`${server.url}/subjects/reg-ok/versions`)).status, 404);
  });

  it('is refused by the guardrails the registry applies: an unaudited strict subject names the command that records it', async () => {
    await registerJson(server.url, 'reg-hand', { type: 'object' });
    const put = await fetch(`${server.url}/governance/subjects/reg-hand/mode`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ mode: 'strict', user: 'ops' }) });
    assert.equal(put.status, 200);
    const dir = workspace({ 'reg-hand.schema.json': { type: 'object', title: 'v2' } });
    const run = cli(['register', '.', '--registry', server.url], { cwd: dir });
    assert.equal(run.status, 2, run.stdout);
    assert.match(run.stdout, /✗ reg-hand \(reg-hand\.schema\.json\): refused: Subject 'reg-hand' is strict with no audit entry recording it .* \(error 40950\)/);
    assert.match(run.stdout, /→ schemagate audit-log record --subjects reg-hand /);
    assert.doesNotMatch(run.stdout, /POST \/governance/);
  });
});
