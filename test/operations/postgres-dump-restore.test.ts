import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import pg from 'pg';
import { findPostgresBin } from '../../scripts/postgres-cluster.js';
import { POSTGRES_SKIP, POSTGRES_URL } from '../helpers/postgres.ts';
import { startServer, tempDir, type RunningServer } from '../helpers/start-server.ts';
import { call, growingRecord, runCli } from './operations-helpers.ts';

/**
 * The documented PostgreSQL backup (docs/operations/backup-and-upgrade.md):
 * pg_dump -Fc of a database a server is using, pg_restore into a new
 * database, schemagate started on it. pg_dump and pg_restore are taken from
 * beside the server binaries the test cluster uses, so their versions match.
 */
const bin = findPostgresBin();
const tools = bin && ['pg_dump', 'pg_restore'].every((tool) => existsSync(join(bin, tool))) ? bin : undefined;
const skip = POSTGRES_SKIP || (tools ? false : `pg_dump and pg_restore are not installed next to PostgreSQL's server binaries (${bin ?? 'none found'})`);

function databaseUrl(name: string): string {
  const url = new URL(POSTGRES_URL!);
  url.pathname = `/${name}`;
  return url.toString();
}

function run(tool: string, args: string[]): void {
  const result = spawnSync(join(tools!, tool), args, { encoding: 'utf8' });
  assert.equal(result.status, 0, `${tool} ${args.join(' ')}: ${result.stderr}`);
}

it('pg_dump -Fc of a database being served, pg_restore into a new one: versions, governance and the audit chain come back', { skip }, async () => {
  const suffix = randomBytes(4).toString('hex');
  const [source, target] = [`sg_src_${suffix}`, `sg_dst_${suffix}`];
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${source}`);
  await admin.query(`CREATE DATABASE ${target}`);
  let served: RunningServer | undefined;
  let restored: RunningServer | undefined;
  try {
    served = await startServer({ args: ['--store', databaseUrl(source)], timeTravel: true });
    const url = served.url;
    for (let i = 0; i < 3; i++) assert.equal((await call(url, 'POST', '/subjects/prices/versions', { schema: growingRecord('Price', i) })).status, 200);
    assert.equal((await call(url, 'PUT', '/config/prices', { compatibility: 'FULL' })).status, 200);
    assert.equal((await call(url, 'PUT', '/mode/prices', { mode: 'READONLY' })).status, 200);
    const bundle = { schemas: [{ subject: 'orders', schemaType: 'AVRO', schema: growingRecord('Order', 1) }] };
    const cr = await call(url, 'POST', '/governance/change-requests', { user: 'alice', title: 'orders', reference: 'https://git.example/pr/9', ...bundle });
    assert.equal(cr.status, 201, cr.text);
    const path = `/governance/change-requests/${cr.body.id}`;
    for (const [step, body] of [
      ['dry-run', { user: 'alice' }],
      ['approvals', { user: 'bob', role: 'data-platform', notes: 'ok' }],
      ['approvals', { user: 'carol', role: 'strategy-owner', notes: 'ok' }],
      ['apply', { user: 'alice' }],
    ] as const) {
      const res = await call(url, 'POST', `${path}/${step}`, body);
      assert.equal(res.status, 200, `${step}: ${res.text}`);
    }
    served.timeTravel();
    await new Promise((done) => setTimeout(done, 200));
    const promoted = await call(url, 'POST', `${path}/promote`, { user: 'bob' });
    assert.equal(promoted.status, 200, promoted.text);
    const head = (await call(url, 'GET', '/governance/audit-log/verify')).body;
    assert.deepEqual([head.ok, head.entries], [true, 1]);
    const versions = (await call(url, 'GET', '/subjects/prices/versions/3')).body;

    // Taken while the server serves: pg_dump reads one snapshot.
    const dump = join(tempDir('schemagate-pgdump-'), 'registry.dump');
    run('pg_dump', ['-Fc', '-f', dump, '--dbname', databaseUrl(source)]);
    run('pg_restore', ['--no-owner', '--exit-on-error', '--dbname', databaseUrl(target), dump]);
    const check = await runCli(['migrate', '--check', '--store', databaseUrl(target)]);
    assert.equal(check.status, 0, check.stdout + check.stderr);

    restored = await startServer({ args: ['--store', databaseUrl(target)] });
    const r = restored.url;
    assert.deepEqual((await call(r, 'GET', '/subjects/prices/versions')).body, [1, 2, 3]);
    assert.deepEqual((await call(r, 'GET', '/subjects/prices/versions/3')).body, versions);
    assert.equal((await call(r, 'GET', '/config/prices')).body.compatibilityLevel, 'FULL');
    assert.equal((await call(r, 'GET', '/mode/prices')).body.mode, 'READONLY');
    assert.equal((await call(r, 'GET', path)).body.state, 'strict');
    assert.equal((await call(r, 'GET', '/governance/subjects/orders')).body.validationMode, 'strict');
    assert.deepEqual((await call(r, 'GET', '/governance/audit-log/verify')).body, head);
    // The restored database goes on: the id sequence and the audit log's triggers came back too.
    const next = await call(r, 'POST', '/subjects/after/versions', { schema: growingRecord('After', 0) });
    assert.equal(next.status, 200, next.text);
    assert.ok(next.body.id > versions.id);
  } finally {
    await Promise.all([served?.stop(), restored?.stop()]);
    await admin.query(`DROP DATABASE IF EXISTS ${source} WITH (FORCE)`).catch(() => {});
    await admin.query(`DROP DATABASE IF EXISTS ${target} WITH (FORCE)`).catch(() => {});
    await admin.end();
  }
});
