import assert from 'node:assert/strict';
import { join } from 'node:path';
import { it } from 'node:test';
import { startServer, tempDir } from '../helpers/start-server.ts';
import { call, growingRecord, manualAuditEntry, runCli } from './operations-helpers.ts';

interface Acked {
  subject: string;
  version: number;
  id: number;
  schema: string;
  at: number;
}

/**
 * The backup a user takes of a registry in use: writers keep registering
 * (and appending audit entries) over HTTP while `schemagate backup` runs;
 * the backup restored into a new data directory serves every version
 * acknowledged before the backup began reading, and its audit chain verifies.
 */
it('backs up while writers register, and the restored registry holds every acknowledged version with a verifying audit chain', async () => {
  const server = await startServer();
  const acked: Acked[] = [];
  const audits: Array<{ seq: number; hash: string; at: number }> = [];
  const failures: string[] = [];
  let stop = false;

  const writer = async (w: number) => {
    for (let i = 0; !stop; i++) {
      const subject = `load-${w}`;
      const schema = growingRecord(`Load${w}`, i);
      const res = await call(server.url, 'POST', `/subjects/${subject}/versions`, { schema });
      if (res.status !== 200) failures.push(`${subject}: ${res.status} ${res.text}`);
      else acked.push({ subject, version: res.body.version, id: res.body.id, schema, at: Date.now() });
      // Paced, so the server's WAL seldom reaches SQLite's 1000-page auto-checkpoint: a plain copy
      // of registry.db (the bug this guards against) then misses the acknowledged writes.
      await new Promise((done) => setTimeout(done, 25));
      if (w === 0 && i % 5 === 4) {
        const entry = await call(server.url, 'POST', '/governance/audit-log', manualAuditEntry(subject, `load-${i}`));
        if (entry.status !== 200) failures.push(`audit entry: ${entry.status} ${entry.text}`);
        else audits.push({ seq: entry.body.seq, hash: entry.body.hash, at: Date.now() });
      }
    }
  };
  const writers = [0, 1, 2, 3].map((w) => writer(w));
  try {
    while (acked.length < 40 || audits.length < 2) await new Promise((done) => setTimeout(done, 20));
    const file = join(tempDir('schemagate-backup-'), 'registry-backup.db');
    const started = Date.now();
    const backup = await runCli(['backup', file, '--data-dir', server.dataDir, '--json']);
    const ended = Date.now();
    stop = true;
    await Promise.all(writers);
    assert.equal(backup.status, 0, backup.stderr);
    assert.deepEqual(failures, []);

    // takenAt is when the backup began reading: every write acknowledged before it is in the snapshot.
    const takenAt = Date.parse(backup.json.takenAt);
    assert.ok(takenAt >= started && takenAt <= ended);
    const before = acked.filter((a) => a.at < takenAt);
    const auditsBefore = audits.filter((a) => a.at < takenAt);
    assert.ok(acked.some((a) => a.at > started && a.at < ended), 'writers were registering while the backup ran');
    assert.ok(backup.json.versions >= before.length, `the backup reports ${backup.json.versions} versions, ${before.length} were acknowledged before it began`);
    assert.ok(backup.json.audit.entries >= auditsBefore.length);
    assert.equal(backup.json.verified, true);

    const restoredDir = tempDir('schemagate-restored-');
    const restore = await runCli(['restore', file, '--data-dir', restoredDir, '--json']);
    assert.equal(restore.status, 0, restore.stderr);
    assert.equal(restore.json.versions, backup.json.versions);
    assert.equal(restore.json.audit.headHash, backup.json.audit.headHash);

    const restored = await startServer({ dataDir: restoredDir });
    try {
      for (const a of before) {
        const got = await call(restored.url, 'GET', `/subjects/${a.subject}/versions/${a.version}`);
        assert.equal(got.status, 200, `${a.subject} v${a.version}: ${got.text}`);
        assert.equal(got.body.id, a.id, `${a.subject} v${a.version} keeps id ${a.id}`);
        assert.equal(got.body.schema, a.schema);
      }
      const verify = await call(restored.url, 'GET', '/governance/audit-log/verify');
      assert.equal(verify.body.ok, true, verify.text);
      assert.equal(verify.body.entries, backup.json.audit.entries);
      assert.equal(verify.body.headHash, backup.json.audit.headHash);
      const log = (await call(restored.url, 'GET', '/governance/audit-log')).body.entries as Array<{ seq: number; hash: string }>;
      for (const a of auditsBefore) assert.equal(log.find((e) => e.seq === a.seq)?.hash, a.hash, `audit entry ${a.seq}`);
      // The restored registry takes writes: ids and versions go on from where the backup stopped.
      const next = await call(restored.url, 'POST', '/subjects/after-restore/versions', { schema: growingRecord('After', 0) });
      assert.equal(next.status, 200, next.text);
      assert.ok(next.body.id > Math.max(...before.map((a) => a.id)));
    } finally {
      await restored.stop();
    }
  } finally {
    stop = true;
    await Promise.allSettled(writers);
    await server.stop();
  }
});
