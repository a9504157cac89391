import assert from 'node:assert/strict';
import { copyFileSync, existsSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { startServer, tempDir, type RunningServer } from '../helpers/start-server.ts';
import { call, growingRecord, manualAuditEntry, runCli } from './operations-helpers.ts';

/** What backup and restore refuse, and say, as a user meets it: each case exits 2 and leaves nothing behind. */
describe('backup and restore refusals', () => {
  let server: RunningServer;
  let good: string;
  before(async () => {
    server = await startServer();
    for (let i = 0; i < 3; i++) assert.equal((await call(server.url, 'POST', '/subjects/orders/versions', { schema: growingRecord('Order', i) })).status, 200);
    assert.equal((await call(server.url, 'PUT', '/governance/subjects/orders/mode', { mode: 'strict', user: 'ops' })).status, 200);
    assert.equal((await call(server.url, 'POST', '/governance/audit-log', manualAuditEntry('orders', 'first'))).status, 200);
    good = join(tempDir('schemagate-backups-'), 'good.db');
    const made = await runCli(['backup', good, '--data-dir', server.dataDir]);
    assert.equal(made.status, 0, made.stderr);
    assert.match(made.stdout, /subjects\s+1\n\s+versions\s+3\n/);
    assert.match(made.stdout, /audit entries\s+1, head [0-9a-f]{64}/);
    assert.match(made.stdout, /verified: SQLite integrity check ok, content checksum matches, audit chain verifies/);
  });
  after(async () => {
    await server?.stop();
  });

  it('refuses to overwrite an existing file without --force, and replaces it with --force', async () => {
    const file = join(tempDir(), 'taken.db');
    writeFileSync(file, 'keep me');
    const refused = await runCli(['backup', file, '--data-dir', server.dataDir]);
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /taken\.db exists: choose another file, or pass --force to replace it/);
    assert.equal(readFileSync(file, 'utf8'), 'keep me');
    const forced = await runCli(['backup', file, '--data-dir', server.dataDir, '--force', '--json']);
    assert.equal(forced.status, 0, forced.stderr);
    assert.equal(forced.json.versions, 3);
    assert.equal(readFileSync(file).subarray(0, 15).toString(), 'SQLite format 3');
  });

  it('refuses --force over a registry another server is serving (same file by dev/ino too), and that registry keeps its data', async () => {
    const other = await startServer();
    try {
      assert.equal((await call(other.url, 'POST', '/subjects/kept/versions', { schema: growingRecord('Kept', 0) })).status, 200);
      const served = join(other.dataDir, 'registry.db');
      const refused = await runCli(['backup', served, '--data-dir', server.dataDir, '--force']);
      assert.equal(refused.status, 2, refused.stdout);
      assert.match(refused.stderr, /registry\.db-wal.*beside it: a server may be using it/);
      assert.deepEqual(readdirSync(other.dataDir).filter((f) => /partial-|verify-/.test(f)), []);
      // The source itself under another path (a link to it): the same dev/ino.
      const link = join(tempDir(), 'link.db');
      symlinkSync(join(server.dataDir, 'registry.db'), link);
      const self = await runCli(['backup', link, '--data-dir', server.dataDir, '--force']);
      assert.equal(self.status, 2);
      assert.match(self.stderr, /is the registry itself/);
    } finally {
      await other.stop();
    }
    const again = await startServer({ dataDir: other.dataDir });
    try {
      assert.deepEqual((await call(again.url, 'GET', '/subjects')).body, ['kept']);
      assert.deepEqual((await call(again.url, 'GET', '/subjects/kept/versions')).body, [1]);
    } finally {
      await again.stop();
    }
  });

  it('refuses --force over a SQLite database a process holds open even without journal files beside it', async () => {
    const file = join(tempDir(), 'held.db');
    const held = new Database(file);
    held.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1)');
    // A rollback-journal database held under a shared lock, as a reader in another process would.
    const { spawn } = await import('node:child_process');
    const holder = spawn(process.execPath, ['-e', `const D=require('better-sqlite3');const d=new D(${JSON.stringify(file)});d.exec('BEGIN');d.prepare('SELECT * FROM t').all();console.log('held');setInterval(()=>{},1000)`], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    held.close();
    try {
      await new Promise<void>((ok) => holder.stdout!.once('data', () => ok()));
      const refused = await runCli(['backup', file, '--data-dir', server.dataDir, '--force']);
      assert.equal(refused.status, 2, refused.stdout);
      assert.match(refused.stderr, /a server is using .*held\.db: write the backup to another file/);
    } finally {
      holder.kill();
    }
    const still = new Database(file, { readonly: true });
    assert.deepEqual(still.prepare('SELECT x FROM t').pluck().all(), [1]);
    still.close();
  });

  it('says there is nothing to back up where there is no registry, and points PostgreSQL to pg_dump', async () => {
    const empty = await runCli(['backup', join(tempDir(), 'x.db'), '--data-dir', tempDir()]);
    assert.equal(empty.status, 2);
    assert.match(empty.stderr, /there is no registry at .*registry\.db/);
    const pg = await runCli(['backup', join(tempDir(), 'x.db'), '--store', 'postgres://nobody@127.0.0.1:9/none']);
    assert.equal(pg.status, 2);
    assert.match(pg.stderr, /pg_dump -Fc/);
  });

  it('refuses to restore over a registry a server is using, even with --force, and the server keeps its data', async () => {
    for (const flags of [[], ['--force']]) {
      const refused = await runCli(['restore', good, '--data-dir', server.dataDir, ...flags]);
      assert.equal(refused.status, 2);
      assert.match(refused.stderr, /a server is using .*registry\.db: stop it first/);
    }
    assert.deepEqual((await call(server.url, 'GET', '/subjects/orders/versions')).body, [1, 2, 3]);
  });

  it('refuses an existing registry without --force; with --force it replaces it, stale WAL and all', async () => {
    const other = await startServer();
    assert.equal((await call(other.url, 'POST', '/subjects/other/versions', { schema: growingRecord('Other', 0) })).status, 200);
    // kill -9: the other registry's last writes stay in its WAL, which must not be replayed onto the restored file.
    await other.kill();
    assert.ok(existsSync(join(other.dataDir, 'registry.db-wal')));
    const refused = await runCli(['restore', good, '--data-dir', other.dataDir]);
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /already holds a registry: pass --force to replace it/);
    const restored = await runCli(['restore', good, '--data-dir', other.dataDir, '--force', '--json']);
    assert.equal(restored.status, 0, restored.stderr);
    // The replaced registry is kept beside it and opens as the old registry, its last writes (then in the WAL) included.
    const replaced: string = restored.json.replaced;
    assert.match(replaced, /registry\.db\.replaced-\d{8}T\d{6}Z$/);
    assert.ok(existsSync(replaced));
    assert.match(restored.stdout, /"replaced": /);
    assert.equal(existsSync(join(other.dataDir, 'registry.db-wal')), false);
    const old = new Database(replaced);
    try {
      assert.deepEqual(old.prepare('SELECT DISTINCT subject FROM subject_versions').pluck().all(), ['other']);
    } finally {
      old.close();
    }
    assert.deepEqual(
      readdirSync(other.dataDir).filter((f) => /restore-|verify-/.test(f)),
      [],
      'no temporary copy is left behind',
    );
    const again = await startServer({ dataDir: other.dataDir });
    try {
      assert.deepEqual((await call(again.url, 'GET', '/subjects')).body, ['orders']);
      assert.deepEqual((await call(again.url, 'GET', '/subjects/orders/versions')).body, [1, 2, 3]);
      assert.equal((await call(again.url, 'GET', '/governance/audit-log/verify')).body.ok, true);
    } finally {
      await again.stop();
    }
  });

  const damages: Array<[string, (bytes: Buffer) => Buffer, RegExp]> = [
    ['one character of a schema changed', (b) => flip(b, b.indexOf('ops.test'), 0x20), /does not hold what was backed up: its content no longer matches the checksum/],
    ['one bit of an audit entry flipped', (b) => flip(b, b.indexOf('prevHash') + 12, 0x01), /does not hold what was backed up/],
    ['the header overwritten', (b) => Buffer.concat([Buffer.alloc(16, 0xff), b.subarray(16)]), /is not a SQLite database/],
    ['a page scrambled', (b) => scramble(b, 4096 * 2, 512), /(is damaged|fails SQLite's integrity check)/],
    ['cut short', (b) => b.subarray(0, Math.floor(b.length / 2)), /(is damaged|fails SQLite's integrity check)/],
  ];
  for (const [what, damage, message] of damages) {
    it(`refuses a backup with ${what}: exit 2, a clear message, nothing restored`, async () => {
      const bad = join(tempDir(), 'bad.db');
      writeFileSync(bad, damage(readFileSync(good)));
      const target = tempDir();
      const refused = await runCli(['restore', bad, '--data-dir', target]);
      assert.equal(refused.status, 2, refused.stdout);
      assert.match(refused.stderr, message);
      assert.match(refused.stderr, /refused/);
      assert.equal(existsSync(join(target, 'registry.db')), false);
      assert.deepEqual(readdirSync(target), [], 'the copy it verified is removed');
    });
  }

  it('verifies the audit chain of the copy: an entry edited in a copy made some other way is refused', async () => {
    const copy = join(tempDir(), 'edited.db');
    copyFileSync(good, copy);
    const db = new Database(copy);
    // What someone with the file could do: drop the guards, rewrite an entry, and the checksum table too.
    db.exec('DROP TABLE schemagate_backup; DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_append_check');
    db.prepare("UPDATE audit_log SET entry_json = replace(entry_json, '\"notes\":\"first\"', '\"notes\":\"other\"') WHERE seq = 1").run();
    db.close();
    const target = tempDir();
    const refused = await runCli(['restore', copy, '--data-dir', target]);
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /its audit chain does not verify \(entry 1: the entry was edited/);
    assert.equal(existsSync(join(target, 'registry.db')), false);
  });

  it('refuses a plain copy of registry.db taken while the server runs, saying where the data was', async () => {
    const copy = join(tempDir(), 'cp.db');
    copyFileSync(join(server.dataDir, 'registry.db'), copy);
    const refused = await runCli(['restore', copy, '--data-dir', tempDir()]);
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /holds no schemagate registry\. A copy of registry\.db taken while the server ran misses the data, which sits in registry\.db-wal/);
  });
});

function flip(bytes: Buffer, at: number, mask: number): Buffer {
  assert.ok(at >= 0, 'the text to damage is in the file');
  const out = Buffer.from(bytes);
  out[at] ^= mask;
  return out;
}

function scramble(bytes: Buffer, from: number, length: number): Buffer {
  const out = Buffer.from(bytes);
  for (let i = from; i < from + length; i++) out[i] ^= 0x5a;
  return out;
}
