import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { registerNext, sampleReport } from './store-contract-fixtures.ts';
import type { RegisterVersionInput, Store } from './store.ts';

/** Reports, failure events, compat ids, subject governance and settings (GovernanceRecordStore). */
export function governanceRecordContract(name: string, open: () => Promise<Store>): void {
  describe(`Store contract, governance records: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });
    const register = (subject: string, text: string, extra: Partial<RegisterVersionInput> = {}) => registerNext(store, subject, text, extra);

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

    it("counts failures per day by mode, and leaves out a change request's own registrations when asked", async () => {
      const own = { ...sampleReport('a', '2026-01-03T05:00:00.000Z', false), changeRequestId: 7 };
      for (const [subject, at, mode] of [
        ['a', '2026-01-01T10:00:00.000Z', 'strict'],
        ['a', '2026-01-03T01:00:00.000Z', 'canary'],
        ['a', '2026-01-03T02:00:00.000Z', 'strict'],
        ['b', '2026-01-03T03:00:00.000Z', 'canary'],
      ] as const) {
        await store.recordRefusal(sampleReport(subject, at, false), mode);
      }
      await store.recordRefusal(own, 'canary');
      assert.deepEqual(await store.failuresByDay({ subjects: ['a'] }), [
        { day: '2026-01-01', canary: 0, strict: 1, lastAt: '2026-01-01T10:00:00.000Z' },
        { day: '2026-01-03', canary: 2, strict: 1, lastAt: '2026-01-03T05:00:00.000Z' },
      ]);
      assert.deepEqual(await store.failuresByDay({ subjects: ['a'], excludeChangeRequest: 7 }), [
        { day: '2026-01-01', canary: 0, strict: 1, lastAt: '2026-01-01T10:00:00.000Z' },
        { day: '2026-01-03', canary: 1, strict: 1, lastAt: '2026-01-03T02:00:00.000Z' },
      ]);
      assert.equal(await store.countFailures({ excludeChangeRequest: 7 }), 4);
      assert.equal(await store.countFailures({ excludeChangeRequest: 8 }), 5, 'another change request leaves them all');
      assert.deepEqual((await store.listFailures({ subjects: ['a'], excludeChangeRequest: 7 })).map((f) => f.createdAt.slice(11, 13)), ['10', '01', '02']);
      assert.deepEqual(await store.failuresByDay({ subjects: ['none'] }), []);
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
}
