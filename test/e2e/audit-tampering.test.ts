import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { startServer, type RunningServer } from '../helpers/start-server.ts';

/**
 * Someone with the SQLite file edits the audit log behind the registry's
 * back. The database refuses plain UPDATE and DELETE; once its triggers are
 * dropped, verify names the first bad entry, and the server keeps serving.
 */
let server: RunningServer;
let db: Database.Database;
let original: Array<{ seq: number; entry_json: string; hash: string; change_request_id: number | null }>;

async function call(method: string, path: string, body?: unknown) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, text, body: text.startsWith('{') || text.startsWith('[') ? (JSON.parse(text) as any) : text };
}

before(async () => {
  server = await startServer();
  for (const n of [1, 2, 3]) {
    const res = await call('POST', '/governance/audit-log', {
      user: 'ops',
      schemaBundleSha: String(n).repeat(64),
      changeRequest: `https://git.example/pr/${n}`,
      validationWindow: '48h canary',
      notes: `promotion ${n}`,
      subjects: [`s${n}`],
    });
    assert.equal(res.status, 200, res.text);
  }
  db = new Database(join(server.dataDir, 'registry.db'));
  db.pragma('busy_timeout = 5000');
  original = db.prepare('SELECT * FROM audit_log ORDER BY seq').all() as typeof original;
});
after(async () => {
  db.close();
  assert.equal(await server.stop(), 0);
});

/** Puts the rows back as they were, so each case starts from a sound log. */
function restore(): void {
  db.transaction(() => {
    db.prepare('DELETE FROM audit_log').run();
    const insert = db.prepare('INSERT INTO audit_log (seq, entry_json, hash, change_request_id) VALUES (?, ?, ?, ?)');
    for (const row of original) insert.run(row.seq, row.entry_json, row.hash, row.change_request_id);
  })();
}

async function expectBad(seq: number, problem: RegExp): Promise<void> {
  const verify = await call('GET', '/governance/audit-log/verify');
  assert.equal(verify.status, 200);
  assert.equal(verify.body.ok, false);
  assert.equal(verify.body.firstBadEntry.seq, seq, JSON.stringify(verify.body));
  assert.match(verify.body.firstBadEntry.problem, problem);
  // Still serving: reads, the log itself, its table, and new registrations.
  assert.equal((await call('GET', '/subjects')).status, 200);
  assert.equal((await call('GET', '/governance/audit-log')).status, 200);
  assert.equal((await call('GET', '/governance/audit-log.md')).status, 200);
  assert.equal((await call('GET', '/healthz')).status, 200);
}

describe('tampering with the audit log in the SQLite file', () => {
  it('is refused by the database while its triggers stand', async () => {
    assert.throws(() => db.prepare("UPDATE audit_log SET entry_json = '{}' WHERE seq = 2").run(), /audit_log is append-only/);
    assert.throws(() => db.prepare('DELETE FROM audit_log WHERE seq = 3').run(), /audit_log is append-only/);
    assert.deepEqual((await call('GET', '/governance/audit-log/verify')).body, { ok: true, entries: 3, headHash: original[2].hash });
    db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
  });

  it('an edited entry is named', async () => {
    db.prepare('UPDATE audit_log SET entry_json = replace(entry_json, ?, ?) WHERE seq = 2').run('promotion 2', 'promotion 2 (approved late)');
    await expectBad(2, /edited/);
    restore();
    assert.equal((await call('GET', '/governance/audit-log/verify')).body.ok, true);
  });

  it('a deleted entry is named, in the middle or at the end', async () => {
    db.prepare('DELETE FROM audit_log WHERE seq = 2').run();
    await expectBad(2, /entry 2 is missing/);
    restore();
    db.prepare('DELETE FROM audit_log WHERE seq = 3').run();
    await expectBad(3, /entry 3 is missing: the log held 3 entries/);
    restore();
  });

  it('reordered entries are named', async () => {
    db.transaction(() => {
      db.prepare('UPDATE audit_log SET seq = -2 WHERE seq = 2').run();
      db.prepare('UPDATE audit_log SET seq = 2 WHERE seq = 3').run();
      db.prepare('UPDATE audit_log SET seq = 3 WHERE seq = -2').run();
    })();
    await expectBad(2, /reordered/);
    restore();
    assert.equal((await call('GET', '/governance/audit-log/verify')).body.ok, true);
  });

  it('an entry turned into garbage is named, and the others still read', async () => {
    db.prepare("UPDATE audit_log SET entry_json = 'not json' WHERE seq = 1").run();
    await expectBad(1, /not the JSON that was recorded/);
    assert.deepEqual((await call('GET', '/governance/audit-log')).body.entries.map((e: { seq: number }) => e.seq), [2, 3]);
    restore();
  });
});
