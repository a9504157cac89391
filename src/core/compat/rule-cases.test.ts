import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allFormatCases, firedIds } from '../../../test/helpers/rule-cases.ts';

/**
 * Every rule of every format's catalog, with the cases kept next to it
 * (`rules/<file>.cases.ts`): each case must find exactly its changes and
 * verdicts, and each rule needs a case where it fires and a near miss where
 * it must not.
 */
for (const format of await allFormatCases()) {
  describe(`${format.name} rules and their cases`, () => {
    it('defines every rule of the catalog in a rules file, and nothing else', () => {
      const inFiles = new Set(format.ruleFiles.flatMap((f) => f.rules));
      assert.deepEqual(format.catalog.filter((r) => !inFiles.has(r)).map((r) => r.id), [], 'catalog rules no rules file exports');
      const inCatalog = new Set(format.catalog);
      assert.deepEqual([...inFiles].filter((r) => !inCatalog.has(r)).map((r) => r.id), [], 'rules missing from the catalog');
    });

    for (const file of format.ruleFiles) {
      describe(file.file, () => {
        it('has rules next to its cases', () => assert.ok(file.rules.length > 0, 'a cases file without rules'));
        for (const rule of file.rules) {
          it(`${rule.id} (${String(rule.on)}) has a case where it fires and a near miss`, () => {
            const fires = file.cases.filter((c) => firedIds(c).has(rule.id));
            const nearMisses = file.cases.filter((c) => !firedIds(c).has(rule.id));
            assert.ok(fires.length > 0, `no case in ${file.file.replace(/\.ts$/, '.cases.ts')} fires ${rule.id}`);
            assert.ok(nearMisses.length > 0, `no case in ${file.file.replace(/\.ts$/, '.cases.ts')} is a near miss for ${rule.id}`);
          });
        }
        for (const c of file.cases) it(`case: ${c.description}`, () => format.check(c));
      });
    }

    describe('cross-rule cases', () => {
      for (const c of format.crossRule) it(`case: ${c.description}`, () => format.check(c));
    });
  });
}
