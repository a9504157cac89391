import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freshPostgresUrl, POSTGRES_SKIP } from '../helpers/postgres.ts';
import { startServer, tempDir, type RunningServer } from '../helpers/start-server.ts';

/**
 * Two `schemagate serve` processes on one PostgreSQL database, as behind a
 * load balancer: concurrent registrations, cross-instance reads, and the
 * governed path split across instances.
 */
let a: RunningServer;
let b: RunningServer;

async function call(server: RunningServer, method: string, path: string, body?: unknown) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, text, body: text.startsWith('{') || text.startsWith('[') ? (JSON.parse(text) as any) : text };
}

const record = (name: string, extra: Array<Record<string, unknown>> = []) =>
  JSON.stringify({ type: 'record', name, namespace: 'pg.test', fields: [{ name: 'id', type: 'string' }, ...extra] });

describe('two instances on one PostgreSQL database', { skip: POSTGRES_SKIP }, () => {
  before(async () => {
    const dir = tempDir();
    const config = join(dir, 'schemagate.yaml');
    writeFileSync(config, `store: ${freshPostgresUrl()}\n`);
    [a, b] = await Promise.all([startServer({ args: ['--config', config], timeTravel: true }), startServer({ args: ['--config', config], timeTravel: true })]);
  });
  after(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  });

  it('starts both, each saying where its store is', () => {
    for (const server of [a, b]) assert.match(server.output(), /\(store: postgres 127\.0\.0\.1:\d+\/postgres \(schema t_[0-9a-f]+\)/);
  });

  it('gives 50 concurrent registrations of one schema, spread over both, one id and one version', async () => {
    const schema = record('Same');
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => call(i % 2 ? a : b, 'POST', '/subjects/same/versions', { schema })));
    assert.deepEqual([...new Set(answers.map((r) => r.status))], [200], answers.find((r) => r.status !== 200)?.text);
    assert.equal(new Set(answers.map((r) => r.body.id)).size, 1);
    assert.deepEqual([...new Set(answers.map((r) => r.body.version))], [1]);
    assert.deepEqual((await call(b, 'GET', '/subjects/same/versions')).body, [1]);
  });

  it('registers 200 different schemas over 20 subjects on both: unique ids, versions 1..n without gaps', async () => {
    const jobs = Array.from({ length: 200 }, (_, i) => ({ subject: `load-${i % 20}`, schema: record('Load', [{ name: `x${i}`, type: 'int', default: 0 }]) }));
    const answers = await Promise.all(jobs.map((job, i) => call(i % 2 ? a : b, 'POST', `/subjects/${job.subject}/versions`, { schema: job.schema })));
    assert.deepEqual([...new Set(answers.map((r) => r.status))], [200], answers.find((r) => r.status !== 200)?.text);
    assert.equal(new Set(answers.map((r) => r.body.id)).size, 200, 'every schema its own id');
    for (let s = 0; s < 20; s++) {
      const versions = (await call(s % 2 ? a : b, 'GET', `/subjects/load-${s}/versions`)).body;
      assert.deepEqual(versions, Array.from({ length: 10 }, (_, i) => i + 1), `load-${s}`);
    }
  });

  it('shows each instance’s writes to the other at once: latest version, config, mode', async () => {
    await call(a, 'POST', '/subjects/seen/versions', { schema: record('Seen') });
    assert.equal((await call(b, 'GET', '/subjects/seen/versions/latest')).body.version, 1);
    await call(b, 'POST', '/subjects/seen/versions', { schema: record('Seen', [{ name: 'n', type: 'int', default: 1 }]) });
    assert.equal((await call(a, 'GET', '/subjects/seen/versions/latest')).body.version, 2);
    await call(a, 'PUT', '/config/seen', { compatibility: 'FULL' });
    assert.equal((await call(b, 'GET', '/config/seen')).body.compatibilityLevel, 'FULL');
    await call(b, 'PUT', '/mode/seen', { mode: 'READONLY' });
    assert.equal((await call(a, 'POST', '/subjects/seen/versions', { schema: record('Seen', [{ name: 'm', type: 'int', default: 1 }]) })).body.error_code, 42205);
  });

  it('takes a CR approved on one instance to strict on the other, and two simultaneous promotions give one entry', async () => {
    const bundle = (name: string) => ({ schemas: [{ subject: `gov-${name}`, schemaType: 'AVRO', schema: record(name) }] });
    const governed = async (name: string, on: RunningServer) => {
      const cr = (await call(on, 'POST', '/governance/change-requests', { user: 'alice', title: name, reference: `https://git.example/pr/${name}`, ...bundle(name) })).body;
      const path = `/governance/change-requests/${cr.id}`;
      assert.equal((await call(on, 'POST', `${path}/dry-run`, { user: 'alice' })).body.state, 'dry-run-passed');
      await call(on, 'POST', `${path}/approvals`, { user: 'bob', role: 'data-platform', notes: 'ok' });
      assert.equal((await call(on, 'POST', `${path}/approvals`, { user: 'carol', role: 'strategy-owner', notes: 'ok' })).body.state, 'approved');
      return path;
    };
    const first = await governed('One', a);
    assert.equal((await call(b, 'POST', `${first}/apply`, { user: 'alice' })).body.state, 'canary');
    const second = await governed('Two', b);
    assert.equal((await call(a, 'POST', `${second}/apply`, { user: 'alice' })).body.state, 'canary');
    // Past the 48 h window, on both instances' clocks.
    a.timeTravel();
    b.timeTravel();
    await new Promise((done) => setTimeout(done, 100));
    assert.equal((await call(b, 'POST', `${first}/promote`, { user: 'bob' })).status, 200);
    const race = await Promise.all([call(a, 'POST', `${second}/promote`, { user: 'bob' }), call(b, 'POST', `${second}/promote`, { user: 'dave' })]);
    assert.deepEqual(race.map((r) => r.status).sort(), [200, 409], race.map((r) => r.text).join('\n'));
    const log = (await call(a, 'GET', '/governance/audit-log')).body.entries;
    assert.deepEqual(log.map((e: { changeRequest: string }) => e.changeRequest), ['https://git.example/pr/One', 'https://git.example/pr/Two']);
    for (const server of [a, b]) assert.deepEqual((await call(server, 'GET', '/governance/audit-log/verify')).body, { ok: true, entries: 2, headHash: log[1].hash });
    assert.equal((await call(b, 'GET', '/governance/subjects/gov-Two')).body.validationMode, 'strict');
  });
});
