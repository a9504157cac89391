import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { freshPostgresUrl, POSTGRES_SKIP } from '../../test/helpers/postgres.ts';
import pg from 'pg';
import { POSTGRES_MIGRATIONS } from './postgres-migrations.ts';
import { PostgresStore } from './postgres-store.ts';
import { sampleReport, storeContract } from './store-contract.ts';

if (POSTGRES_SKIP) {
  describe('Store contract: postgres', { skip: POSTGRES_SKIP }, () => {});
} else {
  storeContract('postgres', () => PostgresStore.open(freshPostgresUrl()));

  describe('PostgresStore on a real server', () => {
    it('migrates once when two instances start at once, and keeps data across a reopen', async () => {
      const url = freshPostgresUrl();
      const [a, b] = await Promise.all([PostgresStore.open(url), PostgresStore.open(url)]);
      await a.registerVersion({ subject: 's', schema: { schemaType: 'JSON', schema: '{}', references: [], fingerprint: 'f' }, expectedMaxVersion: 0, createdAt: 'now' });
      assert.equal((await b.getSchema(1))?.schemaType, 'JSON');
      await Promise.all([a.close(), b.close()]);
      const again = await PostgresStore.open(url);
      assert.deepEqual((await again.getVersions('s')).map((v) => v.version), [1]);
      await again.close();
    });

    it('refuses to rewrite or delete failure events and audit entries, at the database level', async () => {
      const store = await PostgresStore.open(freshPostgresUrl());
      await store.recordRefusal(sampleReport('s', '2026-01-01T00:00:00.000Z', false), 'strict');
      await store.appendAuditEntry(
        { kind: 'manual', date: '2026-01-01', schemaBundleSha: 'a'.repeat(64), changeRequest: 'r', validationWindow: 'w', notes: '', subjects: ['s'], recordedBy: { user: 'u', authenticated: true }, createdAt: 't' },
        [],
      );
      const pool = (store as unknown as { pool: { query: (q: string) => Promise<unknown> } }).pool;
      for (const statement of ["UPDATE validation_failures SET mode = 'canary'", 'DELETE FROM validation_failures', 'TRUNCATE validation_failures', "UPDATE audit_log SET hash = 'x'", 'DELETE FROM audit_log', 'TRUNCATE audit_log']) {
        await assert.rejects(pool.query(statement), /append-only/, statement);
      }
      assert.equal(await store.countFailures(), 1);
      assert.equal((await store.listAuditRows()).length, 1);
      await store.close();
    });

    it('makes failures visible in id order: one committing early never passes an earlier one still open (the notifier reads "after id N")', async () => {
      const url = freshPostgresUrl();
      const [a, b] = await Promise.all([PostgresStore.open(url), PostgresStore.open(url)]);
      let release!: () => void;
      const held = new Promise<void>((done) => (release = done));
      let inserted!: () => void;
      const first = new Promise<void>((done) => (inserted = done));
      // A registration's transaction that has written its failure (the smaller id) and is still busy.
      const open = a.locked(['slow'], async (tx) => {
        await tx.recordRefusal(sampleReport('slow', '2026-01-01T00:00:00.000Z', false), 'strict');
        inserted();
        await held;
      });
      await first;
      // Another one, on another subject, from another instance: it must not become visible first.
      const second = b.recordRefusal(sampleReport('fast', '2026-01-01T00:00:01.000Z', false), 'strict');
      await new Promise((done) => setTimeout(done, 300));
      assert.deepEqual((await b.listFailures({ afterId: 0 })).map((f) => f.subject), [], 'nothing is visible while the earlier failure is uncommitted');
      release();
      await Promise.all([open, second]);
      const seen = await b.listFailures({ afterId: 0 });
      assert.deepEqual(seen.map((f) => f.subject), ['slow', 'fast']);
      assert.ok(seen[0].id < seen[1].id);
      await Promise.all([a.close(), b.close()]);
    });

    it('moves a change request’s samples out of its JSON when migrating, NUL characters and all', async () => {
      const url = new URL(freshPostgresUrl());
      const schema = url.searchParams.get('schema')!;
      url.searchParams.delete('schema');
      const pool = new pg.Pool({ connectionString: url.toString(), options: `-c search_path=${schema}`, max: 1 });
      // A database as version 1 left it: samples inside the change request's JSON.
      await pool.query(`CREATE SCHEMA ${schema}`);
      await pool.query(POSTGRES_MIGRATIONS[0].sql);
      await pool.query("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL); INSERT INTO schema_migrations VALUES (1, 'then')");
      const samples = { orders: [{ note: 'a\u0000b' }] };
      await pool.query("INSERT INTO change_requests (state, revision, created_at, change_request_json) VALUES ('draft', 1, 't', $1)", [JSON.stringify({ id: 1, title: 'x\u0000y', samples })]);
      await pool.end();
      const store = await PostgresStore.open(`${url.toString()}${url.search ? '&' : '?'}schema=${schema}`);
      assert.deepEqual(JSON.parse((await store.getChangeRequestSamples(1))!), samples);
      assert.deepEqual(await store.getChangeRequest(1), { id: 1, title: 'x\u0000y' });
      await store.close();
    });

    it('says what is wrong when the server cannot be reached', async () => {
      await assert.rejects(PostgresStore.open('postgres://nobody@127.0.0.1:9/none'), /postgres store: .*ECONNREFUSED/);
    });
  });
}
