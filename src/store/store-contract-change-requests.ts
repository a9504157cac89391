import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { withAuditSeq } from '../core/governance/change-request.ts';
import { T0_ISO, nextRevision as next, registration, sampleAudit, sampleChangeRequest } from './store-contract-fixtures.ts';
import { StoreConflictError, type Store } from './store.ts';

/** Change requests, their apply and their promotion (ChangeRequestStore). */
export function changeRequestContract(name: string, open: () => Promise<Store>): void {
  describe(`Store contract, change requests: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });
    const canary = { validationMode: 'canary' as const, audited: true, updatedAt: T0_ISO };

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
      assert.deepEqual(JSON.parse(saved.description), [{ schemaId: 1, version: 1, newSchema: true }, { schemaId: 1, version: 1, newSchema: false }], 'the same schema gets one id');
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
