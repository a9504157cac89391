import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { GENESIS_HASH, verifyAuditLog } from '../core/governance/audit-log.ts';
import { sampleAudit } from './store-contract-fixtures.ts';
import type { Store } from './store.ts';

/** The hash-chained audit log (AuditLogStore). */
export function auditLogContract(name: string, open: () => Promise<Store>): void {
  describe(`Store contract, audit log: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    it('chains audit entries and moves the head with each append', async () => {
      assert.deepEqual(await store.listAuditRows(), []);
      assert.equal(await store.getAuditHead(), undefined);
      const first = await store.appendAuditEntry(sampleAudit('https://git.example/pr/1'), [{ subject: 'orders', governance: { validationMode: 'strict', audited: true, updatedAt: 't' } }]);
      const second = await store.appendAuditEntry(sampleAudit('https://git.example/pr/2'), []);
      assert.deepEqual([first.seq, first.prevHash, second.seq, second.prevHash], [1, GENESIS_HASH, 2, first.hash]);
      assert.deepEqual(await store.getAuditHead(), { count: 2, hash: second.hash });
      const rows = await store.listAuditRows();
      assert.deepEqual(rows.map((r) => r.hash), [first.hash, second.hash]);
      assert.equal(verifyAuditLog(rows, await store.getAuditHead()).ok, true);
      assert.equal((await store.getSubjectGovernance('orders'))?.audited, true);
    });
  });
}
