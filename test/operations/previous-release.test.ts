import assert from 'node:assert/strict';
import { copyFileSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SQLITE_MIGRATIONS } from '../../src/store/sqlite-migrations.ts';
import { startServer, tempDir, type RunningServer } from '../helpers/start-server.ts';
import { call, manualAuditEntry, runCli } from './operations-helpers.ts';

/**
 * A data directory made by the previous release (f49ef2c, schema version 3:
 * see test/fixtures/previous-release/README.md) opens in this one: the new
 * server, asked what the old one answered (expected.json, recorded from the
 * old server by make-fixture.mjs), answers the same, and its audit chain
 * verifies; `migrate --check` says what opening it changes.
 */
const FIXTURE = resolve(import.meta.dirname, '../fixtures/previous-release');
const expected = JSON.parse(readFileSync(join(FIXTURE, 'expected.json'), 'utf8'));
const LATEST = Math.max(...SQLITE_MIGRATIONS.map((m) => m.version));

function fixtureCopy(): string {
  const dataDir = tempDir('schemagate-prev-');
  copyFileSync(join(FIXTURE, 'registry.sqlite3'), join(dataDir, 'registry.db'));
  return dataDir;
}

/** What the old release answered is still there, field by field (the new one may add fields). */
function assertIncludes(actual: any, old: any, where: string): void {
  if (old === null || typeof old !== 'object' || Array.isArray(old)) return assert.deepEqual(actual, old, where);
  for (const [key, value] of Object.entries(old)) assertIncludes(actual?.[key], value, `${where}.${key}`);
}

it('migrate --check lists the migrations the previous release’s data directory gets, and changes nothing', async () => {
  const dataDir = fixtureCopy();
  const before = readFileSync(join(dataDir, 'registry.db'));
  const check = await runCli(['migrate', '--check', '--data-dir', dataDir]);
  assert.equal(check.status, 1, check.stderr);
  assert.match(check.stdout, new RegExp(`registry\\.db is at schema version 3; this release is at ${LATEST}\\.`));
  const pending = SQLITE_MIGRATIONS.filter((m) => m.version > 3);
  assert.ok(pending.length > 0, 'the schema changed since f49ef2c');
  for (const m of pending) assert.ok(check.stdout.includes(`  ${m.version}  ${m.summary}`), `lists migration ${m.version}`);
  const json = await runCli(['migrate', '--check', '--data-dir', dataDir, '--json']);
  assert.equal(json.status, 1);
  assert.deepEqual(json.json.applied, [1, 2, 3]);
  assert.deepEqual(json.json.pending.map((m: { version: number }) => m.version), pending.map((m) => m.version));
  assert.equal(json.json.upToDate, false);
  assert.deepEqual(readFileSync(join(dataDir, 'registry.db')), before, 'the file is unchanged');
});

describe('the previous release’s data directory, served by this one', () => {
  let server: RunningServer;
  before(async () => {
    server = await startServer({ dataDir: fixtureCopy() });
  });
  after(async () => {
    await server?.stop();
  });

  it('serves every subject, version, id, schema and reference as the previous release did', async () => {
    assert.deepEqual((await call(server.url, 'GET', '/subjects?deleted=true')).body, Object.keys(expected.subjects));
    for (const [subject, versions] of Object.entries<any[]>(expected.subjects)) {
      assert.deepEqual((await call(server.url, 'GET', `/subjects/${subject}/versions?deleted=true`)).body, versions.map((v) => v.version), subject);
      for (const old of versions) {
        const now = await call(server.url, 'GET', `/subjects/${subject}/versions/${old.version}?deleted=true`);
        assertIncludes(now.body, old, `${subject} v${old.version}`);
      }
    }
    for (const [id, old] of Object.entries(expected.schemas)) assertIncludes((await call(server.url, 'GET', `/schemas/ids/${id}`)).body, old, `schema ${id}`);
    // An IMPORT-mode id and a soft delete are kept as such.
    assert.equal((await call(server.url, 'GET', '/subjects/imported/versions/7')).body.id, 1000);
    assert.equal((await call(server.url, 'GET', '/subjects/scratch/versions/1')).status, 404);
  });

  it('keeps every config and mode, global and per subject', async () => {
    for (const [scope, old] of Object.entries(expected.configs)) {
      assertIncludes((await call(server.url, 'GET', scope === '__GLOBAL' ? '/config' : `/config/${scope}`)).body, old, `config ${scope}`);
    }
    for (const [scope, old] of Object.entries(expected.modes)) {
      assertIncludes((await call(server.url, 'GET', scope === '__GLOBAL' ? '/mode' : `/mode/${scope}`)).body, old, `mode ${scope}`);
    }
  });

  it('keeps the governance: subjects’ validation modes, the change requests, and an audit chain that verifies', async () => {
    for (const [subject, old] of Object.entries<any>(expected.governance)) {
      const now = (await call(server.url, 'GET', `/governance/subjects/${subject}`)).body;
      for (const key of ['validationMode', 'audited', 'failures', 'latestVersion']) assert.deepEqual(now[key], old[key], `${subject} ${key}`);
    }
    for (const old of expected.changeRequests) {
      const now = (await call(server.url, 'GET', `/governance/change-requests/${old.id}`)).body;
      for (const key of ['state', 'title', 'reference', 'bundleSha', 'schemas', 'approvals', 'author', 'revision']) assert.deepEqual(now[key], old[key], `CR ${old.id} ${key}`);
    }
    assert.deepEqual((await call(server.url, 'GET', '/governance/audit-log')).body.entries, expected.auditLog);
    assert.deepEqual((await call(server.url, 'GET', '/governance/audit-log/verify')).body, expected.verify);
  });

  it('still has the draft change request’s samples (moved to their own column by the upgrade): its dry-run validates them', async () => {
    const draft = expected.changeRequests.find((cr: { state: string }) => cr.state === 'draft');
    const dryRun = await call(server.url, 'POST', `/governance/change-requests/${draft.id}/dry-run`, { user: 'alice' });
    assert.equal(dryRun.status, 200, dryRun.text);
    assert.match(dryRun.text, /"samples":\{"total":2,"valid":2,"invalid":0/);
  });

  it('goes on: the upgraded audit chain takes a new entry and still verifies, and migrate --check now says up to date', async () => {
    const entry = await call(server.url, 'POST', '/governance/audit-log', manualAuditEntry('orders', 'after-upgrade'));
    assert.equal(entry.status, 200, entry.text);
    assert.equal(entry.body.prevHash, expected.verify.headHash);
    const verify = (await call(server.url, 'GET', '/governance/audit-log/verify')).body;
    assert.deepEqual([verify.ok, verify.entries], [true, expected.verify.entries + 1]);
    // Read while the server runs: --check takes no lock and changes nothing.
    const check = await runCli(['migrate', '--check', '--data-dir', server.dataDir]);
    assert.equal(check.status, 0, check.stderr);
    assert.match(check.stdout, new RegExp(`schema version ${LATEST}, up to date with this release`));
  });
});
