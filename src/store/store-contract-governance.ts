import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { GENESIS_HASH, verifyAuditLog, type AuditDraft } from '../core/governance/audit-log.ts';
import { newChangeRequest, withAuditSeq } from '../core/governance/change-request.ts';
import type { ChangeRequest } from '../core/governance/change-request-types.ts';
import type { Actor } from '../core/governance/roles.ts';
import { StoreConflictError, type RegisterVersionInput, type Store } from './store.ts';

const alice: Actor = { name: 'alice', roles: ['author'], authenticated: true };
const T0 = new Date('2026-03-01T00:00:00.000Z');

export function sampleChangeRequest(title = 'orders v2') {
  return newChangeRequest(
    {
      title,
      description: '',
      reference: `https://git.example/pr/${title.length}`,
      schemas: [{ subject: 'orders', schemaType: 'AVRO', schema: '"string"', references: [] }],
      sampleCounts: {},
      majorChanges: [],
      bundleSha: 'a'.repeat(64),
    },
    alice,
    T0,
  );
}

export function sampleAudit(changeRequest: string, extra: Partial<AuditDraft> = {}): AuditDraft {
  return {
    kind: 'manual',
    date: '2026-03-03',
    schemaBundleSha: 'b'.repeat(64),
    changeRequest,
    validationWindow: '48h canary',
    notes: 'no failures',
    subjects: ['orders'],
    recordedBy: { user: 'root', authenticated: true },
    createdAt: '2026-03-03T00:00:00.000Z',
    ...extra,
  };
}

/** Change requests and the audit log: part of the one Store contract (storeContract runs it). */
export function governanceStoreContract(name: string, open: () => Promise<Store>): void {
  describe(`Store contract, change requests and audit log: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    const registration = (subject: string, text: string, expectedMaxVersion = 0): RegisterVersionInput => ({
      subject,
      schema: { schemaType: 'AVRO', schema: text, references: [], fingerprint: `fp:${text}` },
      expectedMaxVersion,
      createdAt: T0.toISOString(),
    });
    const next = (cr: ChangeRequest, changes: Partial<ChangeRequest>): ChangeRequest => ({ ...cr, ...changes, revision: cr.revision + 1 });
    const canary = { validationMode: 'canary' as const, audited: true, updatedAt: T0.toISOString() };

    it('numbers change requests, reads them back and lists them newest first, by state', async () => {
      const first = await store.createChangeRequest(sampleChangeRequest('first'));
      const second = await store.createChangeRequest(sampleChangeRequest('second'));
      assert.deepEqual([first.id, second.id], [1, 2]);
      assert.deepEqual(await store.getChangeRequest(1), first);
      assert.equal(await store.getChangeRequest(3), undefined);
      await store.updateChangeRequest(next(second, { state: 'withdrawn' }), second.revision);
      assert.deepEqual((await store.listChangeRequests()).map((cr) => cr.title), ['second', 'first']);
      assert.deepEqual((await store.listChangeRequests({ state: 'draft' })).map((cr) => cr.title), ['first']);
    });

    it('refuses a change request write based on an old revision', async () => {
      const cr = await store.createChangeRequest(sampleChangeRequest());
      await store.updateChangeRequest(next(cr, { title: 'one' }), cr.revision);
      await assert.rejects(store.updateChangeRequest(next(cr, { title: 'two' }), cr.revision), StoreConflictError);
      assert.equal((await store.getChangeRequest(cr.id))?.title, 'one');
    });

    it('applies a bundle in one transaction: registrations, subject modes and the CR', async () => {
      const cr = await store.createChangeRequest(sampleChangeRequest());
      const saved = await store.applyChangeRequest({
        id: cr.id,
        expectedRevision: cr.revision,
        registrations: [registration('orders', '"string"'), registration('payments', '"string"')],
        subjects: [{ subject: 'orders', governance: canary }, { subject: 'payments', governance: canary }],
        changeRequest: (results) => next(cr, { state: 'canary', description: JSON.stringify(results) }),
      });
      assert.equal(saved.state, 'canary');
      assert.deepEqual(JSON.parse(saved.description), [{ schemaId: 1, version: 1 }, { schemaId: 1, version: 1 }], 'the same schema gets one id');
      assert.deepEqual(await store.getChangeRequest(cr.id), saved);
      assert.equal((await store.getSubjectGovernance('payments'))?.validationMode, 'canary');
    });

    it('writes nothing when one registration of the bundle conflicts', async () => {
      await store.registerVersion(registration('payments', '"int"'));
      const cr = await store.createChangeRequest(sampleChangeRequest());
      await assert.rejects(
        store.applyChangeRequest({
          id: cr.id,
          expectedRevision: cr.revision,
          // payments already has version 1: its expectation is stale.
          registrations: [registration('orders', '"string"'), registration('payments', '"long"')],
          subjects: [{ subject: 'orders', governance: canary }],
          changeRequest: () => next(cr, { state: 'canary' }),
        }),
        StoreConflictError,
      );
      assert.deepEqual(await store.getVersions('orders'), []);
      assert.equal(await store.getSubjectGovernance('orders'), undefined);
      assert.equal((await store.getChangeRequest(cr.id))?.state, 'draft');
      assert.equal(await store.findSchemaByFingerprint('fp:"string"'), undefined);
    });

    it('writes nothing when the change request changed since it was read', async () => {
      const cr = await store.createChangeRequest(sampleChangeRequest());
      await store.updateChangeRequest(next(cr, { title: 'edited' }), cr.revision);
      await assert.rejects(
        store.applyChangeRequest({
          id: cr.id,
          expectedRevision: cr.revision,
          registrations: [registration('orders', '"string"')],
          subjects: [],
          changeRequest: () => next(cr, { state: 'canary' }),
        }),
        StoreConflictError,
      );
      assert.deepEqual(await store.getVersions('orders'), []);
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

    it('promotes a change request once: two promotions of one revision give one audit entry', async () => {
      const cr = await store.createChangeRequest(sampleChangeRequest());
      const promote = () =>
        store.promoteChangeRequest({
          id: cr.id,
          expectedRevision: cr.revision,
          subjects: [{ subject: 'orders', governance: { validationMode: 'strict', audited: true, updatedAt: 't' } }],
          audit: sampleAudit(cr.reference, { kind: 'promotion', changeRequestId: cr.id }),
          changeRequest: (entry) => withAuditSeq(next(cr, { state: 'strict', closed: { at: 't', notes: '', user: 'dp', authenticated: true } }), entry.seq),
        });
      const results = await Promise.allSettled([promote(), promote()]);
      assert.deepEqual(results.map((r) => r.status).sort(), ['fulfilled', 'rejected']);
      assert.ok((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason instanceof StoreConflictError);
      assert.equal((await store.listAuditRows()).length, 1);
      const saved = await store.getChangeRequest(cr.id);
      assert.deepEqual([saved?.state, saved?.closed?.auditSeq], ['strict', 1]);
      assert.equal((await store.getSubjectGovernance('orders'))?.validationMode, 'strict');
    });
  });
}
