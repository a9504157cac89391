import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { sealAuditEntry, type AuditDraft, type AuditRow } from '../../src/core/governance/audit-log.ts';
import { cli } from '../helpers/cli.ts';
import { freshPostgresUrl, POSTGRES_SKIP } from '../helpers/postgres.ts';
import { startServer, tempDir, type RunningServer } from '../helpers/start-server.ts';

/**
 * Someone with the database edits the audit log behind the registry's back.
 * The database refuses every write but the registry's append; once its
 * guards are dropped, each kind of tampering is reported by a check an
 * operator or CI runs — `audit-log verify`, `audit-log check --doc` (the
 * runbook keeps the head the log had when it was exported) — on the real
 * SQLite file and on a real PostgreSQL.
 */
interface Backend {
  /** Runs SQL as someone with the database would. */
  exec(sql: string, params?: unknown[]): Promise<void>;
  rows(sql: string): Promise<Array<Record<string, unknown>>>;
  /** What dropping the guards takes on this database. */
  dropGuards(): Promise<void>;
  close(): Promise<void>;
}

const RUNBOOK = '## Strict Mode Audit Log\n\n| Date | Schema Bundle SHA | Change Request | Validation Window | Notes |\n|------------|------------------|----------------|-------------------|-------|\n| _TBD_ |  |  |  |  |\n';

function scenarios(name: string, skip: string | false, open: () => Promise<{ server: RunningServer; backend: Backend }>) {
  describe(`tampering with the audit log: ${name}`, { skip }, () => {
    let server: RunningServer;
    let backend: Backend;
    let doc: string;
    let original: AuditRow[];
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${server.url}${path}`, { method, headers: { 'content-type': 'application/json' }, ...(body !== undefined && { body: JSON.stringify(body) }) });
      return { status: res.status, body: (await res.json()) as any };
    };
    const schemagate = (...args: string[]) => cli(args, { env: { QMTL_SCHEMA_REGISTRY_URL: server.url } });
    /** The documented checks, as CI runs them: exit code and what they print. */
    const checks = () => {
      const check = schemagate('audit-log', 'check', '--doc', doc);
      const head = /<!-- schemagate audit head: \d+ ([0-9a-f]{64}) -->/.exec(readFileSync(doc, 'utf8'))![1];
      const verify = schemagate('audit-log', 'verify', '--expect-head', head);
      return { check: { status: check.status, out: check.stdout + check.stderr }, verify: { status: verify.status, out: verify.stdout + verify.stderr } };
    };
    const restore = async () => {
      await backend.exec('DELETE FROM audit_log');
      for (const row of original) await backend.exec('INSERT INTO audit_log (seq, entry_json, hash) VALUES ($1, $2, $3)', [row.seq, row.entryJson, row.hash]);
      await backend.exec('UPDATE audit_head SET count = $1, hash = $2 WHERE id = 1', [original.length, original.at(-1)!.hash]);
    };

    before(async () => {
      ({ server, backend } = await open());
      await call('POST', '/subjects/s1/versions', { schema: '"string"' });
      for (const n of [1, 2, 3]) {
        const res = await call('POST', '/governance/audit-log', { user: 'ops', schemaBundleSha: String(n).repeat(64), changeRequest: `https://git.example/pr/${n}`, validationWindow: '48h canary', notes: `promotion ${n}`, subjects: [`s${n}`] });
        assert.equal(res.status, 200, JSON.stringify(res.body));
      }
      doc = join(tempDir(), 'governance.md');
      writeFileSync(doc, RUNBOOK);
      assert.equal(schemagate('audit-log', 'export', '--doc', doc).status, 0);
      original = (await backend.rows('SELECT seq, entry_json, hash FROM audit_log ORDER BY seq')).map((r) => ({ seq: Number(r.seq), entryJson: String(r.entry_json), hash: String(r.hash) }));
      const sound = checks();
      assert.deepEqual([sound.check.status, sound.verify.status], [0, 0], 'a sound log passes both checks');
    });
    after(async () => {
      await backend.close();
      assert.equal(await server.stop(), 0);
    });

    it('is refused by the database: every write but the next entry of the chain', async () => {
      const forged = sealAuditEntry({ ...(JSON.parse(original[2].entryJson) as AuditDraft), notes: 'forged' }, original[2]).row;
      for (const [sql, params] of [
        ["UPDATE audit_log SET entry_json = '{}' WHERE seq = 2", []],
        ['DELETE FROM audit_log WHERE seq = 3', []],
        ['INSERT INTO audit_log (seq, entry_json, hash) VALUES ($1, $2, $3)', [7, forged.entryJson, forged.hash]],
        ['INSERT INTO audit_log (seq, entry_json, hash) VALUES ($1, $2, $3)', [4, forged.entryJson, 'f'.repeat(64)]],
        ['UPDATE audit_head SET count = 2, hash = $1', [original[1].hash]],
        ['DELETE FROM audit_head', []],
      ] as const) {
        await assert.rejects(backend.exec(sql, [...params]), /append-only|only takes the next entry|only moves one entry on|never removed|no such function/, sql);
      }
      assert.equal((await call('GET', '/governance/audit-log/verify')).body.ok, true);
      await backend.dropGuards();
    });

    it('an edited entry: verify names it', async () => {
      await backend.exec("UPDATE audit_log SET entry_json = replace(entry_json, 'promotion 2', 'promotion 2 (late)') WHERE seq = 2");
      const { verify } = checks();
      assert.equal(verify.status, 2);
      assert.match(verify.out, /audit log broken at entry 2: the entry was edited/);
      await restore();
    });

    it('a truncated tail with the head rewritten: the runbook’s head is gone', async () => {
      await backend.exec('DELETE FROM audit_log WHERE seq = 3');
      await backend.exec('UPDATE audit_head SET count = 2, hash = $1', [original[1].hash]);
      assert.equal((await call('GET', '/governance/audit-log/verify')).body.ok, true, 'the chain alone looks sound');
      const { check, verify } = checks();
      assert.deepEqual([check.status, verify.status], [2, 2]);
      assert.match(check.out, /was last exported at audit entry 3, but the log no longer holds the entry with hash/);
      assert.match(verify.out, /truncated, wiped, or rewritten/);
      await restore();
    });

    it('a wiped log and head: the runbook’s head is gone', async () => {
      await backend.exec('DELETE FROM audit_log');
      await backend.exec('DELETE FROM audit_head');
      const { check, verify } = checks();
      assert.deepEqual([check.status, verify.status], [2, 2]);
      assert.match(check.out, /no longer holds the entry/);
      await backend.exec('INSERT INTO audit_head (id, count, hash) VALUES (1, 0, $1)', ['0'.repeat(64)]);
      await restore();
    });

    it('everything chained again after an edit: the runbook’s head is gone', async () => {
      let last: AuditRow | undefined;
      const rechained: AuditRow[] = [];
      for (const row of original) {
        const draft = JSON.parse(row.entryJson) as AuditDraft & { seq?: number; prevHash?: string };
        delete draft.seq;
        delete draft.prevHash;
        if (row.seq === 1) draft.notes = 'rewritten';
        last = sealAuditEntry(draft, last).row;
        rechained.push(last);
      }
      await backend.exec('DELETE FROM audit_log');
      for (const row of rechained) await backend.exec('INSERT INTO audit_log (seq, entry_json, hash) VALUES ($1, $2, $3)', [row.seq, row.entryJson, row.hash]);
      await backend.exec('UPDATE audit_head SET count = 3, hash = $1', [last!.hash]);
      assert.equal((await call('GET', '/governance/audit-log/verify')).body.ok, true, 'the chain alone looks sound');
      const { check, verify } = checks();
      assert.deepEqual([check.status, verify.status], [2, 2]);
      await restore();
    });

    it('a forged entry appended with the head moved: the runbook lacks it', async () => {
      const forged = sealAuditEntry({ ...(JSON.parse(original[2].entryJson) as AuditDraft), changeRequest: 'https://git.example/pr/forged', schemaBundleSha: 'f'.repeat(64) }, original[2]).row;
      await backend.exec('INSERT INTO audit_log (seq, entry_json, hash) VALUES ($1, $2, $3)', [forged.seq, forged.entryJson, forged.hash]);
      await backend.exec('UPDATE audit_head SET count = 4, hash = $1', [forged.hash]);
      const { check } = checks();
      assert.equal(check.status, 2);
      assert.match(check.out, /lacks the audit entry for https:\/\/git\.example\/pr\/forged/);
      await backend.exec('DELETE FROM audit_log WHERE seq = 4');
      await restore();
    });

    it('a subject made strict and audited by editing its governance: verify names it', async () => {
      await backend.exec("INSERT INTO subject_governance (subject, governance_json) VALUES ('quiet', $1)", [JSON.stringify({ validationMode: 'strict', audited: true, updatedAt: 'x' })]);
      const { verify } = checks();
      assert.equal(verify.status, 2);
      assert.match(verify.out, /quiet is strict and audited, but no audit entry names it/);
      await backend.exec("DELETE FROM subject_governance WHERE subject = 'quiet'");
      assert.equal((await call('GET', '/governance/audit-log/verify')).body.ok, true, 'and sound again');
    });
  });
}

scenarios('SQLite', false, async () => {
  const server = await startServer();
  const db = new Database(join(server.dataDir, 'registry.db'));
  db.pragma('busy_timeout = 5000');
  // $1-style parameters, as on PostgreSQL.
  const sqlite = (sql: string) => sql.replace(/\$\d+/g, '?');
  return {
    server,
    backend: {
      exec: async (sql, params = []) => void db.prepare(sqlite(sql)).run(...(params as unknown[])),
      rows: async (sql) => db.prepare(sqlite(sql)).all() as Array<Record<string, unknown>>,
      dropGuards: async () => {
        for (const { name } of db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND (tbl_name = 'audit_log' OR tbl_name = 'audit_head')").all() as Array<{ name: string }>) {
          db.exec(`DROP TRIGGER ${name}`);
        }
      },
      close: async () => void db.close(),
    },
  };
});

scenarios('PostgreSQL', POSTGRES_SKIP, async () => {
  const url = freshPostgresUrl();
  const dir = tempDir();
  writeFileSync(join(dir, 'schemagate.yaml'), `store: ${url}\n`);
  const server = await startServer({ dataDir: dir, args: ['--config', join(dir, 'schemagate.yaml')] });
  const schema = new URL(url).searchParams.get('schema')!;
  const base = new URL(url);
  base.searchParams.delete('schema');
  const client = new pg.Client({ connectionString: base.toString(), options: `-c search_path=${schema}` });
  await client.connect();
  return {
    server,
    backend: {
      exec: async (sql, params = []) => void (await client.query(sql, params)),
      rows: async (sql) => (await client.query(sql)).rows,
      dropGuards: async () => {
        await client.query('ALTER TABLE audit_log DISABLE TRIGGER ALL');
        await client.query('ALTER TABLE audit_head DISABLE TRIGGER ALL');
      },
      close: () => client.end(),
    },
  };
});

describe('tampering with a log signed by an audit key kept outside the database', () => {
  let server: RunningServer;
  after(async () => {
    assert.equal(await server.stop(), 0);
  });

  it('is reported by verify alone: an entry written without the key is not signed', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'audit.key'), `${'k'.repeat(48)}\n`);
    writeFileSync(join(dir, 'schemagate.yaml'), `audit: { keyFile: ${join(dir, 'audit.key')} }\n`);
    server = await startServer({ dataDir: dir, args: ['--config', join(dir, 'schemagate.yaml')] });
    for (const n of [1, 2]) {
      const res = await fetch(`${server.url}/governance/audit-log`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ user: 'ops', schemaBundleSha: String(n).repeat(64), changeRequest: `pr/${n}`, validationWindow: '48h canary', subjects: [`s${n}`] }),
      });
      assert.equal(res.status, 200);
    }
    const verify = () => cli(['audit-log', 'verify'], { env: { QMTL_SCHEMA_REGISTRY_URL: server.url } });
    assert.equal(verify().status, 0, 'entries the registry wrote are signed');
    const db = new Database(join(dir, 'registry.db'));
    try {
      for (const { name } of db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ('audit_log', 'audit_head')").all() as Array<{ name: string }>) db.exec(`DROP TRIGGER ${name}`);
      const last = db.prepare('SELECT seq, entry_json AS entryJson, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as AuditRow;
      const forged = sealAuditEntry({ ...(JSON.parse(last.entryJson) as AuditDraft), changeRequest: 'pr/forged' }, last).row;
      db.prepare('INSERT INTO audit_log (seq, entry_json, hash) VALUES (?, ?, ?)').run(forged.seq, forged.entryJson, forged.hash);
      db.prepare('UPDATE audit_head SET count = ?, hash = ?').run(forged.seq, forged.hash);
    } finally {
      db.close();
    }
    const run = verify();
    assert.equal(run.status, 2);
    assert.match(run.stdout, /audit log broken at entry 3: the entry is not signed with this registry's audit key/);
  });
});
