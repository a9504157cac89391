import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { SchemaValidationReport } from '../core/governance/governance-types.ts';
import { governanceStoreContract } from './store-contract-governance.ts';
import { StoreConflictError, type RegisterVersionInput, type Store } from './store.ts';

/** A minimal report for a subject at a time; the store treats it as data. */
export function sampleReport(subject: string, createdAt: string, compatible = true): SchemaValidationReport {
  return {
    subject,
    schemaType: 'AVRO',
    mode: 'canary',
    compatibilityLevel: 'BACKWARD',
    compatibilityPolicy: 'STRICT',
    compatible,
    previousVersion: null,
    versionsChecked: [],
    breakingChanges: compatible ? [] : [{ ruleId: 'TYPE_MISMATCH', path: '/', message: 'm', version: 1, direction: 'backward' }],
    addedFields: [],
    outcome: 'registered',
    createdAt,
  };
}

/**
 * The behaviour every Store must have. Each implementation's test file runs
 * this suite against a fresh instance; a new backend is done when it passes.
 */
export function storeContract(name: string, open: () => Promise<Store>): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    const schema = (text: string, references: RegisterVersionInput['schema']['references'] = []) => ({
      schemaType: 'AVRO' as const,
      schema: text,
      references,
      fingerprint: `fp:${text}`,
    });
    const register = (subject: string, text: string, extra: Partial<RegisterVersionInput> = {}) =>
      store.getVersions(subject).then((versions) =>
        store.registerVersion({
          subject,
          schema: schema(text),
          expectedMaxVersion: versions.reduce((m, v) => Math.max(m, v.version), 0),
          createdAt: '2026-01-01T00:00:00.000Z',
          ...extra,
        }),
      );

    it('gives a new schema id 1 and version 1, and reads it back by id and fingerprint', async () => {
      assert.deepEqual(await register('orders', '"string"'), { schemaId: 1, version: 1 });
      const byId = await store.getSchema(1);
      assert.equal(byId?.schema, '"string"');
      assert.equal(byId?.schemaType, 'AVRO');
      assert.deepEqual(await store.findSchemaByFingerprint('fp:"string"'), byId);
      assert.equal(await store.getSchema(2), undefined);
      assert.equal(await store.maxSchemaId(), 1);
    });

    it('reuses the id of a schema already stored, under another subject', async () => {
      await register('a', '"int"');
      assert.deepEqual(await register('b', '"int"'), { schemaId: 1, version: 1 });
      assert.deepEqual(await register('a', '"long"'), { schemaId: 2, version: 2 });
      assert.deepEqual((await store.getVersionsBySchemaId(1)).map((v) => `${v.subject}/${v.version}`), ['a/1', 'b/1']);
    });

    it('refuses a registration based on a stale view of the subject', async () => {
      await register('s', '"int"');
      await assert.rejects(
        store.registerVersion({ subject: 's', schema: schema('"long"'), expectedMaxVersion: 0, createdAt: 'now' }),
        StoreConflictError,
      );
      assert.equal((await store.getVersions('s')).length, 1);
    });

    it('keeps soft-deleted versions, lists subjects by liveness, never reuses their numbers', async () => {
      await register('s', '"int"');
      await register('s', '"long"');
      await register('t', '"float"');
      await store.softDeleteVersions('s', [1, 2]);
      assert.deepEqual((await store.getVersions('s')).map((v) => [v.version, v.deleted]), [[1, true], [2, true]]);
      assert.deepEqual(await store.listSubjects(), ['t']);
      assert.deepEqual(await store.listSubjects({ includeDeleted: true }), ['s', 't']);
      assert.deepEqual(await store.listSubjects({ deletedOnly: true }), ['s']);
      assert.deepEqual(await store.listSubjects({ includeDeleted: true, prefix: 't' }), ['t']);
      assert.deepEqual(await register('s', '"double"'), { schemaId: 4, version: 3 });
    });

    it('hard-deletes versions and the schemas nothing points at, without ever reusing an id', async () => {
      await register('s', '"int"');
      await register('s', '"long"');
      await store.hardDeleteVersions('s', [2]);
      assert.equal(await store.getSchema(2), undefined);
      assert.equal(await store.findSchemaByFingerprint('fp:"long"'), undefined);
      assert.deepEqual((await store.getVersions('s')).map((v) => v.version), [1]);
      assert.deepEqual(await register('s', '"double"'), { schemaId: 3, version: 2 });
      await store.hardDeleteVersions('s', [1, 2]);
      assert.deepEqual(await store.getVersions('s'), []);
      assert.deepEqual(await store.listSubjects({ includeDeleted: true }), []);
    });

    it('stores an explicit id and version (import) and continues after the highest id', async () => {
      assert.deepEqual(await register('imp', '"int"', { id: 100, version: 7, expectedMaxVersion: 0 }), { schemaId: 100, version: 7 });
      assert.equal(await store.maxSchemaId(), 100);
      assert.deepEqual(await register('imp', '"long"'), { schemaId: 101, version: 8 });
    });

    it('refuses an explicit id that holds another schema, or a schema stored under another id', async () => {
      await register('a', '"int"');
      await assert.rejects(register('b', '"long"', { id: 1 }), StoreConflictError);
      await assert.rejects(register('b', '"int"', { id: 5 }), StoreConflictError);
      await assert.rejects(register('a', '"long"', { version: 1, expectedMaxVersion: 1 }), StoreConflictError);
      assert.deepEqual(await store.listSubjects(), ['a']);
    });

    it('purges named soft-deleted versions in the same write', async () => {
      await register('s', '"int"');
      await store.softDeleteVersions('s', [1]);
      assert.deepEqual(await register('s', '"int"', { purgeVersions: [1] }), { schemaId: 1, version: 2 });
      assert.deepEqual((await store.getVersions('s')).map((v) => v.version), [2]);
    });

    it('finds the subject versions whose schema references a version', async () => {
      await register('ref', '"int"');
      const versions = await store.getVersions('main');
      await store.registerVersion({
        subject: 'main',
        schema: schema('{"type":"record"}', [{ name: 'r', subject: 'ref', version: 1 }]),
        expectedMaxVersion: versions.length,
        createdAt: 'now',
      });
      assert.deepEqual((await store.getSchema(2))?.references, [{ name: 'r', subject: 'ref', version: 1 }]);
      assert.deepEqual((await store.getReferrers('ref', 1)).map((v) => `${v.subject}/${v.version}`), ['main/1']);
      assert.deepEqual(await store.getReferrers('ref', 2), []);
      await store.softDeleteVersions('main', [1]);
      assert.equal((await store.getReferrers('ref', 1))[0].deleted, true);
      await store.hardDeleteVersions('main', [1]);
      assert.deepEqual(await store.getReferrers('ref', 1), []);
    });

    it('keeps global and per-subject config and mode apart', async () => {
      assert.equal(await store.getConfig(null), undefined);
      await store.setConfig(null, { compatibilityLevel: 'FULL' });
      await store.setConfig('s', { compatibilityLevel: 'NONE', compatibilityPolicy: 'LENIENT' });
      assert.deepEqual(await store.getConfig(null), { compatibilityLevel: 'FULL' });
      assert.deepEqual(await store.getConfig('s'), { compatibilityLevel: 'NONE', compatibilityPolicy: 'LENIENT' });
      await store.deleteConfig('s');
      assert.equal(await store.getConfig('s'), undefined);
      await store.setMode(null, 'READONLY');
      await store.setMode('s', 'IMPORT');
      assert.equal(await store.getMode(null), 'READONLY');
      assert.equal(await store.getMode('s'), 'IMPORT');
      await store.deleteMode(null);
      assert.equal(await store.getMode(null), undefined);
      assert.equal(await store.getMode('s'), 'IMPORT');
    });

    it('stores subjects with any characters', async () => {
      const odd = ['a/b', '100%', 'ünïcödé-✓', 'x'.repeat(4000), ' spaced '];
      for (const subject of odd) await register(subject, `"string"`);
      assert.deepEqual(await store.listSubjects(), [...odd].sort());
      assert.deepEqual((await store.listAllVersions('ü')).map((v) => v.subject), ['ünïcödé-✓']);
    });

    it('writes a registration\'s report, failure event and compat id with the version', async () => {
      const governed = (text: string, at: string, compat: { major: number; bump: boolean }, failure = false) =>
        register('gov', text, {
          createdAt: at,
          governance: { report: sampleReport('gov', at, !failure), compat, ...(failure && { failure: { mode: 'canary' as const } }) },
        });
      await governed('"int"', '2026-01-01T00:00:01.000Z', { major: 1, bump: true });
      await governed('"long"', '2026-01-01T00:00:02.000Z', { major: 1, bump: false });
      await governed('"string"', '2026-01-01T00:00:03.000Z', { major: 2, bump: true }, true);
      const reports = await store.listReports('gov', { offset: 0, limit: -1 });
      assert.deepEqual(reports.map((r) => [r.report.version, r.report.schemaId]), [[3, 3], [2, 2], [1, 1]]);
      assert.equal(await store.countReports('gov'), 3);
      assert.deepEqual((await store.listReports('gov', { offset: 1, limit: 1 })).map((r) => r.report.version), [2]);
      const failures = await store.listFailures({ subjects: ['gov'] });
      assert.equal(failures.length, 1);
      assert.equal(failures[0].registered, true);
      assert.equal(failures[0].report.version, 3);
      assert.deepEqual(
        (await store.getCompatIds('gov')).map((e) => [e.compatId, e.firstVersion, e.lastVersion]),
        [['gov@1', 1, 2], ['gov@2', 3, 3]],
      );
    });

    it('records a refusal as a report and a failure event, without a version', async () => {
      await store.recordRefusal({ ...sampleReport('refused', '2026-01-02T00:00:00.000Z', false), outcome: 'refused' }, 'strict');
      assert.deepEqual(await store.getVersions('refused'), []);
      const [failure] = await store.listFailures();
      assert.equal(failure.mode, 'strict');
      assert.equal(failure.registered, false);
      assert.equal((await store.listReports('refused', { offset: 0, limit: 10 }))[0].report.outcome, 'refused');
    });

    it('filters failure events by subject and time window', async () => {
      for (const [subject, at] of [['a', '2026-01-01T00:00:00.000Z'], ['a', '2026-01-03T00:00:00.000Z'], ['b', '2026-01-03T00:00:00.000Z']]) {
        await store.recordRefusal(sampleReport(subject, at, false), 'strict');
      }
      assert.equal(await store.countFailures(), 3);
      assert.equal(await store.countFailures({ subjects: ['a'] }), 2);
      assert.equal(await store.countFailures({ since: '2026-01-02T00:00:00.000Z' }), 2);
      assert.equal(await store.countFailures({ subjects: ['a'], since: '2026-01-02T00:00:00.000Z', until: '2026-01-03T00:00:00.000Z' }), 0);
      assert.equal(await store.countFailures({ subjects: ['a', 'b'], until: '2026-01-04T00:00:00.000Z' }), 3);
    });

    it('keeps subject governance and global governance settings', async () => {
      assert.equal(await store.getSubjectGovernance('s'), undefined);
      await store.setSubjectGovernance('s', { validationMode: 'strict', audited: false, updatedAt: 't', updatedBy: 'ops' });
      assert.deepEqual(await store.getSubjectGovernance('s'), { validationMode: 'strict', audited: false, updatedAt: 't', updatedBy: 'ops' });
      assert.deepEqual(await store.getGovernanceSettings(), {});
      await store.setGovernanceSettings({ validationMode: 'strict', minCanaryWindowMs: 1000, requiredApprovals: ['data-platform'] });
      assert.deepEqual(await store.getGovernanceSettings(), { validationMode: 'strict', minCanaryWindowMs: 1000, requiredApprovals: ['data-platform'] });
    });
  });
  governanceStoreContract(name, open);
}
