import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { SqliteStore } from './sqlite-store.ts';
import { sampleReport, storeContract } from './store-contract.ts';

const dir = mkdtempSync(join(tmpdir(), 'schemagate-sqlite-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

storeContract('sqlite', async () => new SqliteStore(join(dir, `contract-${++n}.db`)));

describe('SqliteStore on disk', () => {
  it('keeps everything across a reopen of the file', async () => {
    const path = join(dir, 'reopen.db');
    const first = new SqliteStore(path);
    await first.registerVersion({
      subject: 's',
      schema: { schemaType: 'JSON', schema: '{}', references: [], fingerprint: 'f' },
      expectedMaxVersion: 0,
      createdAt: 'now',
    });
    await first.setConfig('s', { compatibilityLevel: 'FULL' });
    await first.close();
    const second = new SqliteStore(path);
    assert.equal((await second.getSchema(1))?.schemaType, 'JSON');
    assert.deepEqual(await second.getConfig('s'), { compatibilityLevel: 'FULL' });
    assert.equal(second.db.pragma('journal_mode', { simple: true }), 'wal');
    await second.close();
  });

  it('refuses to rewrite or delete failure events, at the database level', async () => {
    const store = new SqliteStore(join(dir, 'append-only.db'));
    await store.recordRefusal(sampleReport('s', '2026-01-01T00:00:00.000Z', false), 'strict');
    assert.throws(() => store.db.prepare("UPDATE validation_failures SET mode = 'canary'").run(), /append-only/);
    assert.throws(() => store.db.prepare('DELETE FROM validation_failures').run(), /append-only/);
    assert.equal(await store.countFailures(), 1);
    await store.close();
  });
});
