import assert from 'node:assert/strict';
import { copyFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { SQLITE_MIGRATIONS } from '../../src/store/sqlite-migrations.ts';
import { freshPostgresUrl, POSTGRES_SKIP } from '../helpers/postgres.ts';
import { startServer, tempDir } from '../helpers/start-server.ts';
import { runCli } from './operations-helpers.ts';

const PREVIOUS = resolve(import.meta.dirname, '../fixtures/previous-release/registry.sqlite3');
const LATEST = Math.max(...SQLITE_MIGRATIONS.map((m) => m.version));

function previousRelease(): string {
  const dataDir = tempDir('schemagate-migrate-');
  copyFileSync(PREVIOUS, join(dataDir, 'registry.db'));
  return dataDir;
}

describe('schemagate migrate', () => {
  it('applies the pending migrations on its own, not while another process has the file open', async () => {
    const dataDir = previousRelease();
    // Another process holding the database (as a server of the previous release would).
    const holder = new Database(join(dataDir, 'registry.db'), { readonly: true });
    holder.prepare('SELECT COUNT(*) FROM subject_versions').get();
    try {
      const refused = await runCli(['migrate', '--data-dir', dataDir]);
      assert.equal(refused.status, 2);
      assert.match(refused.stderr, /a server is using .*registry\.db: stop it, migrate, then start this release/);
    } finally {
      holder.close();
    }
    const check = await runCli(['migrate', '--check', '--data-dir', dataDir, '--json']);
    assert.deepEqual([check.status, check.json.current], [1, 3], 'the refused migrate changed nothing');
    const migrated = await runCli(['migrate', '--data-dir', dataDir, '--json']);
    assert.equal(migrated.status, 0, migrated.stderr);
    assert.deepEqual([migrated.json.from, migrated.json.to], [3, LATEST]);
    assert.deepEqual(migrated.json.applied.map((m: { version: number }) => m.version), SQLITE_MIGRATIONS.filter((m) => m.version > 3).map((m) => m.version));
    const again = await runCli(['migrate', '--data-dir', dataDir]);
    assert.equal(again.status, 0);
    assert.match(again.stdout, /up to date with this release/);
  });

  it('refuses a database a newer release migrated: migrate --check and serve exit 2, saying so', async () => {
    const dataDir = previousRelease();
    const db = new Database(join(dataDir, 'registry.db'));
    db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(LATEST + 10, new Date().toISOString());
    db.close();
    const check = await runCli(['migrate', '--check', '--data-dir', dataDir]);
    assert.equal(check.status, 2);
    assert.match(check.stderr, new RegExp(`is at schema version ${LATEST + 10}, newer than this release of schemagate knows \\(${LATEST}\\)`));
    await assert.rejects(startServer({ dataDir }), (err: Error) => /exited with 2/.test(err.message) && /newer than this release of schemagate knows/.test(err.message));
  });

  it('exits 2 where there is no registry (a mistyped --data-dir) and creates none', async () => {
    const dataDir = join(tempDir(), 'typo');
    for (const args of [['--check'], []]) {
      const run = await runCli(['migrate', ...args, '--data-dir', dataDir]);
      assert.equal(run.status, 2);
      assert.match(run.stderr, /there is no registry at .*typo\/registry\.db/);
    }
    assert.equal(existsSync(join(dataDir, 'registry.db')), false);
    const memory = await runCli(['migrate', '--check', '--store', 'memory']);
    assert.equal(memory.status, 2);
  });

  it('reads a PostgreSQL database: a new one has every migration pending, a migrated one is up to date', { skip: POSTGRES_SKIP }, async () => {
    const url = freshPostgresUrl();
    const fresh = await runCli(['migrate', '--check', '--store', url, '--json']);
    assert.equal(fresh.status, 1, fresh.stderr);
    assert.equal(fresh.json.current, 0);
    assert.ok(fresh.json.pending.length > 0);
    const migrated = await runCli(['migrate', '--store', url]);
    assert.equal(migrated.status, 0, migrated.stderr);
    const check = await runCli(['migrate', '--check', '--store', url]);
    assert.equal(check.status, 0, check.stderr);
    assert.match(check.stdout, /up to date with this release/);
    const down = await runCli(['migrate', '--check', '--store', 'postgres://nobody@127.0.0.1:9/none']);
    assert.equal(down.status, 2);
    assert.match(down.stderr, /postgres store: cannot read/);
  });
});
