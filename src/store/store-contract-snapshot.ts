import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { nextRevision, registerNext, sampleChangeRequest, sampleReport, schemaOf } from './store-contract-fixtures.ts';
import type { Store, SubjectSnapshot } from './store.ts';
import { composeSnapshot } from './subject-snapshot.ts';

/** loadSubject: each store's one-read answer, held to composeSnapshot's (the single reads) and to what was written. */
export function snapshotContract(name: string, open: () => Promise<Store>): void {
  describe(`Store contract, subject snapshot: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    /** The store's snapshot, after checking it is the reference's, outside and inside `locked`. */
    const snapshot = async (subject: string): Promise<SubjectSnapshot> => {
      const loaded = await store.loadSubject(subject);
      assert.deepEqual(loaded, await composeSnapshot(store, subject));
      assert.deepEqual(await store.locked([subject], (locked) => locked.loadSubject(subject)), loaded);
      return loaded;
    };

    it('answers for a subject with nothing stored', async () => {
      assert.deepEqual(await snapshot('nothing'), { subject: 'nothing', versions: [], config: {}, mode: {}, compatIds: [], governanceSettings: {} });
    });

    it('carries every version with its fingerprint, deleted ones too, and whether a schema references a deleted one', async () => {
      await registerNext(store, 'ref', '"int"');
      await registerNext(store, 'ref', '"long"');
      await store.registerVersion({ subject: 'main', schema: schemaOf('{"type":"record"}', [{ name: 'r', subject: 'ref', version: 1 }]), expectedMaxVersion: 0, createdAt: 'now' });
      // Referenced but live: only withdrawn versions are ever purged, so only they say.
      assert.deepEqual((await snapshot('ref')).versions.map((v) => [v.version, v.deleted, v.referenced]), [[1, false, false], [2, false, false]]);
      await store.softDeleteVersions('ref', [1, 2]);
      // A soft-deleted referrer still holds its reference.
      await store.softDeleteVersions('main', [1]);
      const { versions } = await snapshot('ref');
      assert.deepEqual(
        versions.map((v) => [v.version, v.schemaId, v.fingerprint, v.deleted, v.referenced]),
        [[1, 1, 'fp:"int"', true, true], [2, 2, 'fp:"long"', true, false]],
      );
      assert.deepEqual((await snapshot('main')).versions.map((v) => [v.version, v.referenced, v.deleted]), [[1, false, true]]);
    });

    it('carries the subject’s own config and mode and the global ones, not another subject’s', async () => {
      await store.setConfig(null, { compatibilityLevel: 'FULL' });
      await store.setConfig('s', { compatibilityLevel: 'NONE', normalize: true });
      await store.setMode(null, 'READWRITE');
      await store.setMode('s', 'IMPORT');
      await store.setConfig('t', { compatibilityLevel: 'FORWARD' });
      const s = await snapshot('s');
      assert.deepEqual(s.config, { subject: { compatibilityLevel: 'NONE', normalize: true }, global: { compatibilityLevel: 'FULL' } });
      assert.deepEqual(s.mode, { subject: 'IMPORT', global: 'READWRITE' });
      const u = await snapshot('u');
      assert.deepEqual([u.config, u.mode], [{ global: { compatibilityLevel: 'FULL' } }, { global: 'READWRITE' }]);
    });

    it('carries compat ids, subject governance, governance settings and the state of the change request the governance names', async () => {
      const at = '2026-01-01T00:00:01.000Z';
      await registerNext(store, 'gov', '"int"', { createdAt: at, governance: { report: sampleReport('gov', at), compat: { major: 1, bump: true } } });
      await registerNext(store, 'gov', '"long"', { createdAt: at, governance: { report: sampleReport('gov', at), compat: { major: 2, bump: true, bumpedBy: { version: 2, previousVersion: 1, breakingChanges: [{ ruleId: 'TYPE_MISMATCH', path: '/' }] } } } });
      const cr = await store.createChangeRequest(sampleChangeRequest());
      await store.updateChangeRequest(nextRevision(cr, { state: 'canary' }), cr.revision);
      await store.setSubjectGovernance('gov', { validationMode: 'canary', audited: true, updatedAt: at, changeRequestId: cr.id });
      await store.setGovernanceSettings({ validationMode: 'strict', minCanaryWindowMs: 1000 });
      const s = await snapshot('gov');
      assert.deepEqual(s.compatIds.map((e) => [e.compatId, e.firstVersion, e.lastVersion]), [['gov@1', 1, 1], ['gov@2', 2, 2]]);
      assert.deepEqual(s.governance, { validationMode: 'canary', audited: true, updatedAt: at, changeRequestId: cr.id });
      assert.deepEqual(s.governanceSettings, { validationMode: 'strict', minCanaryWindowMs: 1000 });
      assert.deepEqual(s.changeRequest, { id: cr.id, state: 'canary' });
      // Governance naming no stored change request, or none at all: no changeRequest.
      await store.setSubjectGovernance('gov', { validationMode: 'canary', audited: true, updatedAt: at, changeRequestId: 99 });
      assert.equal((await snapshot('gov')).changeRequest, undefined);
      await store.setSubjectGovernance('gov', { validationMode: 'strict', audited: true, updatedAt: at });
      assert.equal((await snapshot('gov')).changeRequest, undefined);
    });
  });
}
